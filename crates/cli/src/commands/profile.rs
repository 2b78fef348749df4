use super::{Output, ProfileRef};
use crate::args::{AddProfile, SetProfile};
use crate::table;
use chrono::NaiveDate;
use serde_json::json;
use shebao_core::analysis::standing::given::{Change, GivenChanges, GivenInputs};
use shebao_core::model::{NewProfile, Profile};
use shebao_core::{regions, Lang, Result, Store};

pub fn add(store: &mut Store, args: AddProfile, out: Output) -> Result<()> {
    let valid = NewProfile {
        name: args.name,
        id_number: args.id_number,
        sex: args.sex,
        birth: args.born,
        region: args.region,
        employment: args.employment,
        original_age: args.original_age,
        payment_deadline_day: args.deadline_day,
    }
    .validate()?;
    let profile = store.add_profile(&valid)?;
    if out.json {
        out.print_json(&ProfileRef::from(&profile));
    } else {
        println!(
            "{} {}（{} {}）",
            out.lang.pick("已添加成员", "added profile"),
            profile.name,
            out.lang.pick("编号", "id"),
            profile.id
        );
    }
    Ok(())
}

/// Sets the original retirement age, the payment deadline day and/or the estimate's inputs,
/// keeping every other field. The estimate's inputs are dated `today`.
pub fn set(store: &mut Store, args: SetProfile, today: NaiveDate, out: Output) -> Result<()> {
    let current = store.find_profile(&args.profile)?;
    let profile = if args.original_age.is_some() || args.deadline_day.is_some() {
        let valid = NewProfile {
            name: current.name.clone(),
            id_number: current.id_number.as_ref().map(|id| id.as_str().to_string()),
            sex: current.sex,
            birth: current.birth,
            region: current.region.clone(),
            employment: Some(current.employment),
            original_age: args.original_age.or(current.original_age),
            payment_deadline_day: args.deadline_day.or(current.payment_deadline_day),
        }
        .validate()?;
        store.update_profile(current.id, &valid)?
    } else {
        current
    };
    let changes = GivenChanges {
        benefit_base: Change::of(args.benefit_base, args.clear_benefit_base),
        average_index: Change::of(args.average_index, args.clear_average_index),
        future_index: Change::of(args.future_index, args.clear_future_index),
        retirement_month: Change::of(args.retire_month, args.clear_retire_month),
        deemed_months: Change::of(args.deemed_months, args.clear_deemed_months),
        transitional_coefficient: Change::of(
            args.transitional_coefficient,
            args.clear_transitional_coefficient,
        ),
    };
    let given = if changes == GivenChanges::default() {
        store.given_inputs(profile.id)?
    } else {
        store.change_given_inputs(profile.id, &changes, today)?
    };
    if out.json {
        out.print_json(&profile);
    } else {
        print!("{}", describe(&profile, out.lang));
        print!("{}", describe_given(&given, out.lang));
    }
    Ok(())
}

/// The estimate inputs the person gave, each with the day entered; nothing when none.
fn describe_given(given: &GivenInputs, lang: Lang) -> String {
    let on = |d: NaiveDate| match lang {
        Lang::Zh => format!("（{d} 填写）"),
        Lang::En => format!(" (entered {d})"),
    };
    let mut lines = Vec::new();
    if let Some(e) = given.benefit_base {
        lines.push((
            lang.pick("计发基数", "benefit base"),
            format!("{}{}", e.value, on(e.entered_on)),
        ));
    }
    if let Some(e) = given.average_index {
        lines.push((
            lang.pick("平均缴费指数", "average index"),
            format!("{}{}", e.value, on(e.entered_on)),
        ));
    }
    if let Some(e) = given.future_index {
        lines.push((
            lang.pick("今后缴费指数", "future index"),
            format!("{}{}", e.value, on(e.entered_on)),
        ));
    }
    if let Some(e) = given.retirement_month {
        lines.push((
            lang.pick("打算退休", "retire in"),
            format!("{}{}", e.value, on(e.entered_on)),
        ));
    }
    if let Some(e) = given.deemed_months {
        lines.push((
            lang.pick("视同缴费月数", "deemed months"),
            format!("{}{}", e.value, on(e.entered_on)),
        ));
    }
    if let Some(e) = given.transitional_coefficient {
        lines.push((
            lang.pick("过渡系数", "transitional coefficient"),
            format!("{}{}", e.value, on(e.entered_on)),
        ));
    }
    lines
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}\n"))
        .collect()
}

pub fn list(store: &Store, out: Output) -> Result<()> {
    let profiles = store.profiles()?;
    if out.json {
        let refs: Vec<ProfileRef> = profiles.iter().map(ProfileRef::from).collect();
        out.print_json(&json!({ "profiles": refs }));
    } else if profiles.is_empty() {
        println!("{}", out.lang.pick("还没有成员。用 shebao profile add --name 名字 添加，或 shebao demo 载入示例。", "No profiles yet. Add one with shebao profile add --name NAME, or load the demo with shebao demo."));
    } else {
        let lang = out.lang;
        let header = [
            lang.pick("编号", "id"),
            lang.pick("姓名", "name"),
            lang.pick("性别", "sex"),
            lang.pick("出生", "born"),
            lang.pick("参保身份", "insured as"),
        ];
        let rows: Vec<Vec<String>> = profiles
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.name.clone(),
                    p.sex.map_or("-".into(), |s| s.label(lang).into()),
                    p.birth.map_or("-".into(), |b| b.to_string()),
                    p.employment.label(lang).into(),
                ]
            })
            .collect();
        println!("{}", table::render(&header, &rows));
    }
    Ok(())
}

pub fn show(store: &Store, query: &str, out: Output) -> Result<()> {
    let profile = store.find_profile(query)?;
    if out.json {
        out.print_json(&profile);
    } else {
        print!("{}", describe(&profile, out.lang));
    }
    Ok(())
}

/// `杭州市（330100）` / `Hangzhou 杭州市 (330100)`: the name to read, the code for a script.
pub(crate) fn region_text(code: &str, lang: Lang) -> String {
    match (regions::lookup(code), lang) {
        (Some(r), Lang::Zh) => format!("{}（{code}）", r.name),
        (Some(r), Lang::En) if r.retired.is_none() => {
            format!("{} {} ({code})", r.name_en(), r.name)
        }
        (Some(r), Lang::En) => format!("{} ({code})", r.name),
        (None, _) => code.to_string(),
    }
}

fn describe(p: &Profile, lang: Lang) -> String {
    let none = || "-".to_string();
    let lines = [
        (lang.pick("编号", "id"), p.id.to_string()),
        (lang.pick("姓名", "name"), p.name.clone()),
        (
            lang.pick("身份证", "ID number"),
            p.id_number_masked().unwrap_or_else(none),
        ),
        (
            lang.pick("性别", "sex"),
            p.sex.map_or_else(none, |s| s.label(lang).into()),
        ),
        (
            lang.pick("出生", "born"),
            p.birth.map_or_else(none, |b| b.to_string()),
        ),
        (
            lang.pick("参保地区", "region"),
            p.region
                .as_deref()
                .map_or_else(none, |code| region_text(code, lang)),
        ),
        (
            lang.pick("参保身份", "insured as"),
            p.employment.label(lang).into(),
        ),
        (
            lang.pick("原法定退休年龄", "original retirement age"),
            p.original_age.map_or_else(
                || {
                    lang.pick("未填（按规则默认）", "not set (the rules' default)")
                        .into()
                },
                |age| age.to_string(),
            ),
        ),
        (
            lang.pick("缴费截止日", "payment deadline"),
            p.payment_deadline_day.map_or_else(none, |day| {
                format!("{day}{}", lang.pick("日", " (day of month)"))
            }),
        ),
    ];
    let rows: Vec<Vec<String>> = lines
        .into_iter()
        .map(|(k, v)| vec![k.to_string(), v])
        .collect();
    let (header, body) = rows.split_first().expect("rows");
    format!("{}\n", table::render(&[&header[0], &header[1]], body))
}

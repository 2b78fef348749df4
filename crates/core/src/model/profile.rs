//! A person whose records the app keeps: the user or a family member (亲情社保).

use super::code_enum::code_enum;
use super::{IdNumber, YearMonth};
use crate::{Error, Lang, Result};
use serde::Serialize;

code_enum! {
    pub enum Sex as "sex" {
        Male = "male",
        Female = "female",
    }
}

code_enum! {
    /// How the person is insured now; flexible employment (灵活就业) means they pay themselves.
    pub enum EmploymentCategory as "employment category" {
        Employee = "employee",
        Flexible = "flexible",
        Other = "other",
    }
}

impl Sex {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Sex::Male => lang.pick("男", "male"),
            Sex::Female => lang.pick("女", "female"),
        }
    }
}

impl EmploymentCategory {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EmploymentCategory::Employee => lang.pick("单位职工", "employee"),
            EmploymentCategory::Flexible => lang.pick("灵活就业", "flexible employment"),
            EmploymentCategory::Other => lang.pick("其他", "other"),
        }
    }
}

/// The database id of a profile.
pub type ProfileId = i64;

/// A stored profile. The ID number is kept whole; show it with [`IdNumber::masked`].
/// Serialised as [`ProfileJson`]: with the region's name beside its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "ProfileJson")]
pub struct Profile {
    pub id: ProfileId,
    pub name: String,
    /// Serialised masked (`5101**********1239`, see [`ProfileJson`]): JSON for the UI or a log never carries it whole.
    pub id_number: Option<IdNumber>,
    pub sex: Option<Sex>,
    pub birth: Option<YearMonth>,
    /// Region code (GB/T 2260, 6 digits) of the place the person is insured.
    pub region: Option<String>,
    pub employment: EmploymentCategory,
    /// Retirement age before the 2025 reform (women: 50 for 工人 posts, 55 for 干部/管理 posts);
    /// `None` means "not said": the rules then take the sex's default group.
    pub original_age: Option<u32>,
    /// Day of the month by which a flexible-employment payment is due, as the person's region
    /// or bank debit sets it; `None` when not known.
    pub payment_deadline_day: Option<u32>,
}

fn serialize_masked<S: serde::Serializer>(id: &Option<IdNumber>, s: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => s.serialize_some(&id.masked()),
        None => s.serialize_none(),
    }
}

/// A profile as JSON (CLI `--json`, the window): the stored fields, the ID number masked, and
/// `region_name`, the Chinese name of the region code (`杭州市` for `330100`), with
/// `region_name_en` (`Hangzhou`), so no reader has to know GB/T 2260.
#[derive(Serialize)]
pub struct ProfileJson {
    id: ProfileId,
    name: String,
    #[serde(rename = "id_number_masked", serialize_with = "serialize_masked")]
    id_number: Option<IdNumber>,
    sex: Option<Sex>,
    birth: Option<YearMonth>,
    region: Option<String>,
    region_name: Option<String>,
    /// Its pinyin (`Hangzhou`) for English text; the Chinese name where there is none (a
    /// retired or unknown code).
    region_name_en: Option<String>,
    employment: EmploymentCategory,
    original_age: Option<u32>,
    payment_deadline_day: Option<u32>,
}

impl From<Profile> for ProfileJson {
    fn from(p: Profile) -> ProfileJson {
        ProfileJson {
            region_name: p.region.as_deref().map(crate::regions::display_name),
            region_name_en: p.region.as_deref().map(|code| {
                match crate::regions::lookup(code).filter(|r| r.retired.is_none()) {
                    Some(region) => region.name_en(),
                    None => crate::regions::display_name(code),
                }
            }),
            id: p.id,
            name: p.name,
            id_number: p.id_number,
            sex: p.sex,
            birth: p.birth,
            region: p.region,
            employment: p.employment,
            original_age: p.original_age,
            payment_deadline_day: p.payment_deadline_day,
        }
    }
}

impl Profile {
    pub fn id_number_masked(&self) -> Option<String> {
        self.id_number.as_ref().map(IdNumber::masked)
    }
}

/// What a user types to add a profile, before validation.
#[derive(Debug, Clone, Default)]
pub struct NewProfile {
    pub name: String,
    pub id_number: Option<String>,
    pub sex: Option<Sex>,
    pub birth: Option<YearMonth>,
    pub region: Option<String>,
    pub employment: Option<EmploymentCategory>,
    /// 50, 55 or 60: must be an original age the retirement schedule has for the sex.
    pub original_age: Option<u32>,
    /// 1–31; in a shorter month the deadline is its last day.
    pub payment_deadline_day: Option<u32>,
}

/// Longest profile name accepted; a name is a label, not a document.
const MAX_NAME_CHARS: usize = 64;

impl NewProfile {
    /// Checks every field and fills sex, birth month and region from the ID number where they
    /// were not given. A given value that contradicts the ID number is an error, not a guess.
    pub fn validate(self) -> Result<ValidProfile> {
        let name = self.name.trim().to_string();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(Error::InvalidField {
                field: "name",
                value: self.name,
            });
        }
        let id_number = match self
            .id_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(text) => {
                Some(IdNumber::parse(text).map_err(|reason| Error::InvalidIdNumber { reason })?)
            }
        };
        // A code or a name (杭州, Hangzhou, hz): stored as its 6-digit code.
        let region = match self
            .region
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(input) => Some(crate::regions::code_for(input)?),
            None => None,
        };
        let (sex, birth) = match &id_number {
            Some(id) => {
                if self.sex.is_some_and(|sex| sex != id.sex()) {
                    return Err(Error::ContradictsIdNumber { field: "sex" });
                }
                if self.birth.is_some_and(|birth| birth != id.birth_month()) {
                    return Err(Error::ContradictsIdNumber { field: "born" });
                }
                (Some(id.sex()), Some(id.birth_month()))
            }
            None => (self.sex, self.birth),
        };
        if let Some(age) = self.original_age {
            check_original_age(age, sex)?;
        }
        if let Some(day) = self.payment_deadline_day {
            if !(1..=31).contains(&day) {
                return Err(Error::InvalidField {
                    field: "deadline_day",
                    value: day.to_string(),
                });
            }
        }
        Ok(ValidProfile {
            name,
            sex,
            birth,
            region: region.or_else(|| id_number.as_ref().map(|id| id.region_code().to_string())),
            id_number,
            employment: self.employment.unwrap_or(EmploymentCategory::Employee),
            original_age: self.original_age,
            payment_deadline_day: self.payment_deadline_day,
        })
    }
}

/// An original retirement age must be one the bundled retirement schedule has a group for: for
/// the person's sex when known (a man with 55 is refused as the rules refuse it), else for either.
fn check_original_age(age: u32, sex: Option<Sex>) -> Result<()> {
    let schedule = &crate::rules::RuleSet::bundled()
        .national
        .retirement_schedule;
    match sex {
        Some(sex) => schedule.group(sex, Some(age)).map(|_| ()),
        None if schedule.groups.iter().any(|g| g.original_age == age) => Ok(()),
        None => Err(Error::InvalidField {
            field: "original_age",
            value: age.to_string(),
        }),
    }
}

/// A profile that passed [`NewProfile::validate`]; only this can be written to the store.
#[derive(Debug, Clone)]
pub struct ValidProfile {
    pub name: String,
    pub id_number: Option<IdNumber>,
    pub sex: Option<Sex>,
    pub birth: Option<YearMonth>,
    pub region: Option<String>,
    pub employment: EmploymentCategory,
    pub original_age: Option<u32>,
    pub payment_deadline_day: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(name: &str) -> NewProfile {
        NewProfile {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn derives_sex_birth_and_region_from_the_id_number() {
        let valid = NewProfile {
            id_number: Some("11010519491231002X".into()),
            ..new(" 王芳 ")
        }
        .validate()
        .unwrap();
        assert_eq!(valid.name, "王芳");
        assert_eq!(valid.sex, Some(Sex::Female));
        assert_eq!(valid.birth, YearMonth::new(1949, 12));
        assert_eq!(valid.region.as_deref(), Some("110105"));
    }

    #[test]
    fn a_given_value_that_contradicts_the_id_number_is_refused() {
        let err = NewProfile {
            id_number: Some("11010519491231002X".into()),
            sex: Some(Sex::Male),
            ..new("王芳")
        }
        .validate()
        .unwrap_err();
        assert!(matches!(err, Error::ContradictsIdNumber { field: "sex" }));
    }

    #[test]
    fn bad_fields_are_named() {
        assert!(matches!(
            new("  ").validate(),
            Err(Error::InvalidField { field: "name", .. })
        ));
        let bad_region = NewProfile {
            region: Some("5101".into()),
            ..new("李")
        }
        .validate();
        assert!(matches!(bad_region, Err(Error::UnknownRegion { .. })));
        let named_region = NewProfile {
            region: Some("杭州".into()),
            ..new("李")
        }
        .validate();
        assert_eq!(named_region.unwrap().region.as_deref(), Some("330100"));
        let bad_id = NewProfile {
            id_number: Some("110105194912310021".into()),
            ..new("李")
        }
        .validate();
        assert!(matches!(bad_id, Err(Error::InvalidIdNumber { .. })));
        for day in [0, 32] {
            let bad_day = NewProfile {
                payment_deadline_day: Some(day),
                ..new("李")
            }
            .validate();
            assert!(matches!(
                bad_day,
                Err(Error::InvalidField {
                    field: "deadline_day",
                    ..
                })
            ));
        }
    }

    #[test]
    fn the_original_age_must_fit_the_schedule_for_the_sex() {
        let with = |sex: Option<Sex>, age: u32| {
            NewProfile {
                sex,
                original_age: Some(age),
                ..new("王芳")
            }
            .validate()
        };
        assert_eq!(with(Some(Sex::Female), 55).unwrap().original_age, Some(55));
        assert_eq!(with(Some(Sex::Male), 60).unwrap().original_age, Some(60));
        assert_eq!(
            with(Some(Sex::Male), 55).unwrap_err().code(),
            "invalid_original_age"
        );
        assert_eq!(
            with(Some(Sex::Female), 60).unwrap_err().code(),
            "invalid_original_age"
        );
        // Sex not known yet: any age the schedule knows is kept, others are refused.
        assert_eq!(with(None, 50).unwrap().original_age, Some(50));
        assert!(matches!(
            with(None, 45),
            Err(Error::InvalidField {
                field: "original_age",
                ..
            })
        ));
        // The sex from an ID number counts too (this one is a woman's).
        let from_id = NewProfile {
            id_number: Some("11010519491231002X".into()),
            original_age: Some(60),
            ..new("王芳")
        }
        .validate();
        assert_eq!(from_id.unwrap_err().code(), "invalid_original_age");
    }
}

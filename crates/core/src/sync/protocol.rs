//! Provider protocol v1 on the wire (docs/provider-api.md): reading a reply's bytes into
//! checked values, with the path of the first field that does not follow the protocol.
//!
//! Replies are read as generic JSON first and checked field by field (rather than derived
//! with serde) so that every problem names its place (`items[3].personal`) and says what is
//! wrong in the user's language; and so that a float where an amount belongs is caught as
//! such: amounts are decimal strings in yuan, a binary float cannot hold 0.1 exactly.
//! Fields this version does not know are ignored, so a provider may add some.

use super::error::SchemaProblem;
use crate::model::{date_supported, ContributionStatus, InsuranceKind, Money, Payer, YearMonth};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Map, Value};

/// Whose records a provider serves, as it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub id_number: Option<String>,
}

/// One month of one kind from one payer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub month: YearMonth,
    pub kind: InsuranceKind,
    pub region: Option<String>,
    pub payer: Payer,
    pub base: Option<Money>,
    pub personal: Money,
    pub employer: Money,
    pub to_account: Option<Money>,
    pub status: ContributionStatus,
}

/// One page of `GET /v1/contributions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionsPage {
    pub person: Person,
    pub as_of: DateTime<FixedOffset>,
    pub items: Vec<Item>,
    pub next_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceItem {
    pub kind: InsuranceKind,
    pub as_of: NaiveDate,
    pub balance: Money,
}

/// `GET /v1/balances`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balances {
    pub as_of: DateTime<FixedOffset>,
    pub items: Vec<BalanceItem>,
}

/// Why a reply could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The JSON ends before it is complete: the body was cut off.
    Truncated,
    Malformed {
        line: usize,
        column: usize,
        reason: String,
    },
    Schema {
        path: String,
        problem: SchemaProblem,
    },
}

fn schema(path: impl Into<String>, problem: SchemaProblem) -> ReadError {
    ReadError::Schema {
        path: path.into(),
        problem,
    }
}

fn parse_json(body: &[u8]) -> Result<Value, ReadError> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_eof() {
            ReadError::Truncated
        } else {
            ReadError::Malformed {
                line: e.line(),
                column: e.column(),
                reason: e.to_string(),
            }
        }
    })
}

/// Reads page `page` of the contributions.
pub fn read_contributions_page(body: &[u8], page: u32) -> Result<ContributionsPage, ReadError> {
    let value = parse_json(body)?;
    let top = object(&value, "(reply)")?;
    let person = object(field(top, "", "person")?, "person")?;
    let person = Person {
        name: non_empty(
            string(field(person, "person.", "name")?, "person.name")?,
            "person.name",
        )?,
        id_number: optional_string(person.get("id_number"), "person.id_number")?
            .map(str::to_string),
    };
    let as_of = timestamp(field(top, "", "as_of")?, "as_of")?;
    let items = array(field(top, "", "items")?, "items")?
        .iter()
        .enumerate()
        .map(|(i, item)| read_item(item, &format!("items[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let next_page = match field(top, "", "next_page")? {
        Value::Null => None,
        Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(next) if next > page => Some(next),
            _ => {
                return Err(schema(
                    "next_page",
                    SchemaProblem::NextPage {
                        value: n.to_string(),
                    },
                ))
            }
        },
        other => return Err(wrong_type("next_page", "an integer or null", other)),
    };
    Ok(ContributionsPage {
        person,
        as_of,
        items,
        next_page,
    })
}

/// Reads the balances reply.
pub fn read_balances(body: &[u8]) -> Result<Balances, ReadError> {
    let value = parse_json(body)?;
    let top = object(&value, "(reply)")?;
    let as_of = timestamp(field(top, "", "as_of")?, "as_of")?;
    let items = array(field(top, "", "items")?, "items")?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("items[{i}]");
            let item = object(item, &path)?;
            let at = |name: &str| format!("{path}.{name}");
            Ok(BalanceItem {
                kind: kind(field(item, &format!("{path}."), "kind")?, &at("kind"))?,
                as_of: date(field(item, &format!("{path}."), "as_of")?, &at("as_of"))?,
                balance: amount(field(item, &format!("{path}."), "balance")?, &at("balance"))?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Balances { as_of, items })
}

fn read_item(value: &Value, path: &str) -> Result<Item, ReadError> {
    let item = object(value, path)?;
    let prefix = format!("{path}.");
    let at = |name: &str| format!("{path}.{name}");
    let get = |name: &str| field(item, &prefix, name);
    let optional_amount = |name: &str| match item.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => amount(v, &at(name)).map(Some),
    };
    let region = optional_string(item.get("region"), &at("region"))?;
    if let Some(code) = region {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(schema(
                at("region"),
                SchemaProblem::Region { value: code.into() },
            ));
        }
    }
    // A missing or null payer, or the words portals use for it, mean the person paid.
    let payer = match optional_string(item.get("payer"), &at("payer"))? {
        None => Payer::SelfPaid,
        Some(name) if name.trim().is_empty() => Payer::SelfPaid,
        Some(name) => crate::ingest::vocab::payer(name),
    };
    let status_text = string(get("status")?, &at("status"))?;
    let status = status_text.parse().map_err(|_| {
        schema(
            at("status"),
            SchemaProblem::Status {
                value: status_text.into(),
            },
        )
    })?;
    Ok(Item {
        month: month(get("month")?, &at("month"))?,
        kind: kind(get("kind")?, &at("kind"))?,
        region: region.map(str::to_string),
        payer,
        base: optional_amount("base")?,
        personal: amount(get("personal")?, &at("personal"))?,
        employer: amount(get("employer")?, &at("employer"))?,
        to_account: optional_amount("to_account")?,
        status,
    })
}

fn field<'a>(
    object: &'a Map<String, Value>,
    prefix: &str,
    name: &str,
) -> Result<&'a Value, ReadError> {
    object
        .get(name)
        .ok_or_else(|| schema(format!("{prefix}{name}"), SchemaProblem::Missing))
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(path: &str, expected: &'static str, found: &Value) -> ReadError {
    schema(
        path,
        SchemaProblem::WrongType {
            expected,
            found: type_name(found),
        },
    )
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, ReadError> {
    value
        .as_object()
        .ok_or_else(|| wrong_type(path, "an object", value))
}

fn array<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>, ReadError> {
    value
        .as_array()
        .ok_or_else(|| wrong_type(path, "an array", value))
}

fn string<'a>(value: &'a Value, path: &str) -> Result<&'a str, ReadError> {
    value
        .as_str()
        .ok_or_else(|| wrong_type(path, "a string", value))
}

fn optional_string<'a>(value: Option<&'a Value>, path: &str) -> Result<Option<&'a str>, ReadError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(wrong_type(path, "a string or null", other)),
    }
}

fn non_empty(text: &str, path: &str) -> Result<String, ReadError> {
    match text.trim() {
        "" => Err(schema(path, SchemaProblem::Empty)),
        trimmed => Ok(trimmed.to_string()),
    }
}

/// `"8000.00"`: digits, then at most two decimals. No sign, grouping or currency sign: the
/// protocol has one spelling, and anything else is a provider bug worth seeing.
fn amount(value: &Value, path: &str) -> Result<Money, ReadError> {
    let text = match value {
        Value::String(text) => text,
        Value::Number(n) => {
            return Err(schema(
                path,
                SchemaProblem::NumberAmount {
                    value: n.to_string(),
                },
            ))
        }
        other => return Err(wrong_type(path, "a decimal string", other)),
    };
    let bad = || {
        schema(
            path,
            SchemaProblem::Amount {
                value: text.clone(),
            },
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || fraction.len() > 2
        || (text.contains('.') && fraction.is_empty())
    {
        return Err(bad());
    }
    text.parse().map_err(|_| bad())
}

fn month(value: &Value, path: &str) -> Result<YearMonth, ReadError> {
    let text = string(value, path)?;
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 7
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    shaped
        .then(|| text.parse().ok())
        .flatten()
        .ok_or_else(|| schema(path, SchemaProblem::Month { value: text.into() }))
}

/// A date as YYYY-MM-DD within the supported years: the analysis places every balance in its
/// month, and a date such as 2300-06-30 has none.
fn date(value: &Value, path: &str) -> Result<NaiveDate, ReadError> {
    let text = string(value, path)?;
    let date = (text.len() == 10)
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| schema(path, SchemaProblem::Date { value: text.into() }))?;
    if !date_supported(date) {
        return Err(schema(
            path,
            SchemaProblem::OutOfRange { value: text.into() },
        ));
    }
    Ok(date)
}

/// An RFC 3339 time within the supported years (the reply's own `as_of`, kept with the run).
fn timestamp(value: &Value, path: &str) -> Result<DateTime<FixedOffset>, ReadError> {
    let text = string(value, path)?;
    let time = DateTime::parse_from_rfc3339(text)
        .map_err(|_| schema(path, SchemaProblem::Timestamp { value: text.into() }))?;
    if !date_supported(time.date_naive()) {
        return Err(schema(
            path,
            SchemaProblem::OutOfRange { value: text.into() },
        ));
    }
    Ok(time)
}

fn kind(value: &Value, path: &str) -> Result<InsuranceKind, ReadError> {
    let text = string(value, path)?;
    text.parse()
        .map_err(|_| schema(path, SchemaProblem::Kind { value: text.into() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(items: Value, next: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "person": {"name": "王芳", "id_number": "11010519491231002X"},
            "as_of": "2024-06-01T08:00:00+08:00",
            "items": items,
            "next_page": next,
        }))
        .unwrap()
    }

    fn item() -> Value {
        json!({"month": "2024-01", "kind": "pension", "region": "510100",
               "payer": "成都某某科技有限公司", "base": "8000.00", "personal": "640.00",
               "employer": "1280.00", "to_account": "640.00", "status": "paid"})
    }

    fn schema_error(body: &[u8]) -> (String, SchemaProblem) {
        match read_contributions_page(body, 1) {
            Err(ReadError::Schema { path, problem }) => (path, problem),
            other => panic!("expected a schema error, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_page_as_the_protocol_shows_it() {
        let read = read_contributions_page(&page(json!([item()]), json!(2)), 1).unwrap();
        assert_eq!(read.person.name, "王芳");
        assert_eq!(read.next_page, Some(2));
        let item = &read.items[0];
        assert_eq!(item.month, YearMonth::new(2024, 1).unwrap());
        assert_eq!(item.kind, InsuranceKind::Pension);
        assert_eq!(item.personal, Money::from_fen(64000));
        assert_eq!(item.base, Some(Money::from_yuan(8000)));
        assert_eq!(item.payer, Payer::Employer("成都某某科技有限公司".into()));
        assert_eq!(item.status, ContributionStatus::Paid);
    }

    #[test]
    fn optional_fields_may_be_null_or_absent_and_a_missing_payer_is_self() {
        let mut lean = item();
        for key in ["region", "payer", "base", "to_account"] {
            lean.as_object_mut().unwrap().remove(key);
        }
        let mut nulls = item();
        for key in ["region", "payer", "base", "to_account"] {
            nulls[key] = Value::Null;
        }
        let mut words = item();
        words["payer"] = json!("灵活就业人员");
        let read =
            read_contributions_page(&page(json!([lean, nulls, words]), json!(null)), 1).unwrap();
        assert!(read.items.iter().all(|i| i.payer == Payer::SelfPaid));
        assert_eq!(read.items[0].base, None);
        assert_eq!(read.next_page, None);
    }

    #[test]
    fn float_amounts_are_refused_by_name() {
        let mut float = item();
        float["personal"] = json!(640.5);
        let (path, problem) = schema_error(&page(json!([item(), float]), json!(null)));
        assert_eq!(path, "items[1].personal");
        assert_eq!(
            problem,
            SchemaProblem::NumberAmount {
                value: "640.5".into()
            }
        );
        assert!(problem.message(crate::Lang::En).contains("never floats"));
    }

    #[test]
    fn amounts_have_one_spelling() {
        for good in ["0", "640", "640.5", "640.50", "12345678.90"] {
            let mut it = item();
            it["personal"] = json!(good);
            assert!(
                read_contributions_page(&page(json!([it]), json!(null)), 1).is_ok(),
                "{good}"
            );
        }
        for bad in [
            "", "-640.00", "640.", ".5", "1,280.00", "¥640", "640.001", "6e2", " 640",
        ] {
            let mut it = item();
            it["employer"] = json!(bad);
            let (path, problem) = schema_error(&page(json!([it]), json!(null)));
            assert_eq!(path, "items[0].employer", "{bad}");
            assert!(matches!(problem, SchemaProblem::Amount { .. }), "{bad}");
        }
    }

    #[test]
    fn each_field_is_checked_where_it_is() {
        let cases: Vec<(&str, Value, &str)> = vec![
            ("month", json!("2024/01"), "items[0].month"),
            ("month", json!("2024-13"), "items[0].month"),
            ("kind", json!("养老"), "items[0].kind"),
            ("status", json!("done"), "items[0].status"),
            ("region", json!("5101"), "items[0].region"),
            ("payer", json!(7), "items[0].payer"),
            ("personal", Value::Null, "items[0].personal"),
        ];
        for (key, value, expected) in cases {
            let mut it = item();
            it[key] = value.clone();
            let (path, _) = schema_error(&page(json!([it]), json!(null)));
            assert_eq!(path, expected, "{key} = {value}");
        }
        let mut missing = item();
        missing.as_object_mut().unwrap().remove("month");
        assert_eq!(
            schema_error(&page(json!([missing]), json!(null))),
            ("items[0].month".into(), SchemaProblem::Missing)
        );
    }

    #[test]
    fn the_envelope_is_checked_too() {
        assert_eq!(
            schema_error(b"[]"),
            (
                "(reply)".into(),
                SchemaProblem::WrongType {
                    expected: "an object",
                    found: "an array"
                }
            )
        );
        assert_eq!(
            schema_error(br#"{"as_of": "2024-06-01T00:00:00Z", "items": [], "next_page": null}"#).0,
            "person"
        );
        assert_eq!(schema_error(&page(json!({"a": 1}), json!(null))).0, "items");
        assert_eq!(schema_error(&page(json!([]), json!(1))).0, "next_page");
        assert_eq!(schema_error(&page(json!([]), json!("2"))).0, "next_page");
        let no_next = br#"{"person": {"name": "x"}, "as_of": "2024-06-01T00:00:00Z", "items": []}"#;
        assert_eq!(schema_error(no_next).0, "next_page");
        let bad_time =
            br#"{"person": {"name": "x"}, "as_of": "yesterday", "items": [], "next_page": null}"#;
        assert_eq!(schema_error(bad_time).0, "as_of");
        let no_name = br#"{"person": {"name": " "}, "as_of": "2024-06-01T00:00:00Z", "items": [], "next_page": null}"#;
        assert_eq!(
            schema_error(no_name),
            ("person.name".into(), SchemaProblem::Empty)
        );
    }

    #[test]
    fn cut_off_and_broken_json_are_told_apart() {
        let whole = page(json!([item()]), json!(null));
        assert_eq!(
            read_contributions_page(&whole[..whole.len() / 2], 1),
            Err(ReadError::Truncated)
        );
        assert!(matches!(
            read_contributions_page(b"{\"person\": oops}", 1),
            Err(ReadError::Malformed { line: 1, .. })
        ));
        assert!(matches!(
            read_contributions_page(b"<html>502 Bad Gateway</html>", 1),
            Err(ReadError::Malformed { .. })
        ));
    }

    #[test]
    fn reads_balances() {
        let body = br#"{"as_of": "2024-06-01T08:00:00+08:00",
            "items": [{"kind": "pension", "as_of": "2024-05-31", "balance": "52345.67"}]}"#;
        let read = read_balances(body).unwrap();
        assert_eq!(read.items[0].balance, Money::from_fen(5_234_567));
        assert_eq!(
            read.items[0].as_of,
            NaiveDate::from_ymd_opt(2024, 5, 31).unwrap()
        );
        let float = br#"{"as_of": "2024-06-01T08:00:00Z",
            "items": [{"kind": "pension", "as_of": "2024-05-31", "balance": 52345.67}]}"#;
        assert!(matches!(
            read_balances(float),
            Err(ReadError::Schema { path, problem: SchemaProblem::NumberAmount { .. } })
                if path == "items[0].balance"
        ));
        let bad_date = br#"{"as_of": "2024-06-01T08:00:00Z",
            "items": [{"kind": "pension", "as_of": "2024-5-31", "balance": "1.00"}]}"#;
        assert!(matches!(
            read_balances(bad_date),
            Err(ReadError::Schema { path, .. }) if path == "items[0].as_of"
        ));
    }

    #[test]
    fn a_balance_dated_outside_the_supported_years_is_refused_naming_the_field() {
        let far = br#"{"as_of": "2024-06-01T08:00:00Z",
            "items": [{"kind": "pension", "as_of": "2300-06-30", "balance": "1.00"}]}"#;
        match read_balances(far) {
            Err(ReadError::Schema { path, problem }) => {
                assert_eq!(path, "items[0].as_of");
                assert!(problem
                    .message(crate::Lang::En)
                    .contains("outside the supported years"));
                assert!(problem.message(crate::Lang::Zh).contains("2300-06-30"));
            }
            other => panic!("expected a schema error, got {other:?}"),
        }
        let far_reply = br#"{"as_of": "2300-06-01T08:00:00Z", "items": []}"#;
        assert!(matches!(
            read_balances(far_reply),
            Err(ReadError::Schema { path, problem: SchemaProblem::OutOfRange { .. } }) if path == "as_of"
        ));
    }
}

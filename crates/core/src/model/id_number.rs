//! The 18-digit resident identity number (公民身份号码, GB 11643-1999).
//!
//! Layout: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male), and an
//! ISO 7064 MOD 11-2 check character (`0`-`9` or `X`). The full number is personal data: it is
//! shown only through [`IdNumber::masked`] unless the user asks, and never in logs or errors.

use super::{Sex, YearMonth};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

/// Why a string is not a valid ID number. Never carries the number itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("it has {0} characters, an ID number has 18")]
    Length(usize),
    #[error("only digits are allowed, with X as the last character")]
    Characters,
    #[error("its birth date is not a real date")]
    BirthDate,
    #[error("its check character should be {expected}, not {found}")]
    CheckDigit { expected: char, found: char },
}

impl IdNumber {
    /// Validates and normalises (trims, upper-cases `x`, accepts full-width digits).
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let text: String = input
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                'x' | 'Ｘ' | 'ｘ' => 'X',
                other => other,
            })
            .collect();
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 18 {
            return Err(IdNumberError::Length(chars.len()));
        }
        if !chars[..17].iter().all(char::is_ascii_digit)
            || !(chars[17].is_ascii_digit() || chars[17] == 'X')
        {
            return Err(IdNumberError::Characters);
        }
        let expected = check_char(&chars[..17]);
        if chars[17] != expected {
            return Err(IdNumberError::CheckDigit {
                expected,
                found: chars[17],
            });
        }
        let id = IdNumber(text);
        if id.birth_date().is_none() {
            return Err(IdNumberError::BirthDate);
        }
        Ok(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address code where the number was issued (GB/T 2260), e.g. `510104`.
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn birth_date(&self) -> Option<NaiveDate> {
        let field = |range: std::ops::Range<usize>| self.0[range].parse::<u32>().ok();
        let date = NaiveDate::from_ymd_opt(field(6..10)? as i32, field(10..12)?, field(12..14)?)?;
        YearMonth::of_date(date).map(|_| date)
    }

    pub fn birth_month(&self) -> YearMonth {
        YearMonth::of_date(self.birth_date().expect("validated on parse")).expect("validated")
    }

    /// The 17th digit is odd for men and even for women.
    pub fn sex(&self) -> Sex {
        let digit = self.0.as_bytes()[16] - b'0';
        if digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The number whose first 17 digits are these, with its check character appended: for
    /// test data and synthetic people. Errors as [`IdNumber::parse`] would (a bad date, say).
    pub fn with_check_char(first17: &str) -> Result<Self, IdNumberError> {
        let chars: Vec<char> = first17.chars().collect();
        if chars.len() != 17 {
            return Err(IdNumberError::Length(chars.len() + 1));
        }
        if !chars.iter().all(char::is_ascii_digit) {
            return Err(IdNumberError::Characters);
        }
        IdNumber::parse(&format!("{first17}{}", check_char(&chars)))
    }

    /// `5101**********1239`: the first four and last four characters, the rest hidden.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }
}

fn check_char(first17: &[char]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Debug output is masked so that a stray `{:?}` can never leak a number into a log.
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl FromStr for IdNumber {
    type Err = IdNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdNumber::parse(s)
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IdNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        IdNumber::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Builds a valid number from 17 digits by appending the right check character.
    pub(crate) fn with_check(first17: &str) -> String {
        let chars: Vec<char> = first17.chars().collect();
        format!("{first17}{}", check_char(&chars))
    }

    #[test]
    fn with_check_char_completes_seventeen_digits_and_refuses_anything_else() {
        // 11010519491231002X is the standard's own example.
        assert_eq!(
            IdNumber::with_check_char("11010519491231002")
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
        assert_eq!(
            IdNumber::with_check_char("1101051949123100"),
            Err(IdNumberError::Length(17))
        );
        assert_eq!(
            IdNumber::with_check_char("1101051949123100X"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            IdNumber::with_check_char("11010519490231002"),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn accepts_a_valid_number_and_derives_birth_and_sex() {
        // The example number published with GB 11643-1999.
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_month(), YearMonth::new(1949, 12).unwrap());
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region_code(), "110105");
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(IdNumber::parse(" 11010519491231002x ").unwrap(), id);
    }

    #[test]
    fn rejects_bad_numbers_with_the_reason() {
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::CheckDigit {
                expected: 'X',
                found: '1'
            })
        );
        assert_eq!(
            IdNumber::parse("1101051949123100"),
            Err(IdNumberError::Length(16))
        );
        assert_eq!(
            IdNumber::parse("11010519491231A02X"),
            Err(IdNumberError::Characters)
        );
        let bad_date = with_check("51010419880230123");
        assert_eq!(IdNumber::parse(&bad_date), Err(IdNumberError::BirthDate));
    }

    #[test]
    fn debug_never_shows_the_number() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert!(!format!("{id:?}").contains("19491231"));
    }

    proptest! {
        #[test]
        fn any_single_digit_change_is_caught(
            body in "[1-6][0-9]{5}(19[5-9][0-9]|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
            pos in 0usize..17,
            delta in 1u32..10,
        ) {
            let valid = with_check(&body);
            prop_assert!(IdNumber::parse(&valid).is_ok());
            let mut chars: Vec<char> = valid.chars().collect();
            let digit = chars[pos].to_digit(10).unwrap();
            chars[pos] = char::from_digit((digit + delta) % 10, 10).unwrap();
            let changed: String = chars.into_iter().collect();
            prop_assert!(IdNumber::parse(&changed).is_err());
        }
    }
}

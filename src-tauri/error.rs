//! Errors as the UI receives them: `{code, message, details}`, the message in the user's
//! language. Never a bare string: the UI decides how to show each code.

use serde::Serialize;
use shebao_core::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl CommandError {
    pub fn from_core(error: &shebao_core::Error, lang: Lang) -> CommandError {
        CommandError {
            code: error.code().into(),
            message: error.message(lang),
            details: None,
        }
    }

    /// An error of the shell itself (not of the core), already in the user's language.
    pub fn new(code: &str, message: String) -> CommandError {
        CommandError {
            code: code.into(),
            message,
            details: None,
        }
    }

    pub fn invalid_argument(field: &str, value: &str, lang: Lang) -> CommandError {
        CommandError {
            code: "invalid_argument".into(),
            message: format!("{}: {value:?}", lang.pick("参数无效", "invalid argument")),
            details: Some(serde_json::json!({ "field": field, "value": value })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_become_code_and_localised_message() {
        let error = shebao_core::Error::UnknownProfile {
            query: "王五".into(),
        };
        let zh = serde_json::to_value(CommandError::from_core(&error, Lang::Zh)).unwrap();
        assert_eq!(
            zh,
            serde_json::json!({
                "code": "unknown_profile",
                "message": "找不到名称或编号为 \"王五\" 的成员"
            })
        );
        let en = CommandError::from_core(&error, Lang::En);
        assert_eq!(en.message, "no profile named or numbered \"王五\"");
    }

    #[test]
    fn invalid_arguments_name_the_field() {
        let error = CommandError::invalid_argument("lang", "fr", Lang::En);
        assert_eq!(
            serde_json::to_value(&error).unwrap()["details"]["field"],
            "lang"
        );
    }
}

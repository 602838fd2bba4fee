//! Field-level validation errors with bilingual messages, shared by every value type.

use std::fmt;

use serde::Serialize;

/// A message in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in English when `lang_is_en`, otherwise in Chinese.
    pub fn get(&self, lang_is_en: bool) -> &str {
        if lang_is_en { &self.en } else { &self.zh }
    }
}

/// One invalid field of an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Name of the field in the input (form field, column, JSON key).
    pub field: String,
    /// Machine-readable reason, e.g. `uscc.check_digit`.
    pub code: String,
    pub message: Message,
    /// A corrected value the user may want to use instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: Message) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message,
            suggestion: None,
        }
    }

    pub fn with_suggestion(self, s: impl Into<String>) -> Self {
        FieldError {
            suggestion: Some(s.into()),
            ..self
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message.en)
    }
}

/// Implemented by every parse error of the value types so callers can attach a field name.
pub trait ToFieldError {
    fn to_field_error(&self, field: &str) -> FieldError;
}

impl ToFieldError for FieldError {
    /// Re-labels an existing field error with another field name.
    fn to_field_error(&self, field: &str) -> FieldError {
        FieldError {
            field: field.to_owned(),
            ..self.clone()
        }
    }
}

/// Collects field errors of one input; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        FieldErrors(Vec::new())
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// The first error recorded for `field`.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(ok)` when no error was recorded, otherwise all the errors.
    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(ok) } else { Err(self) }
    }

    /// Helper: parse a field, recording the error under `field` and returning None.
    pub fn take<T, E: ToFieldError>(&mut self, field: &str, r: Result<T, E>) -> Option<T> {
        match r {
            Ok(value) => Some(value),
            Err(e) => {
                self.push(e.to_field_error(field));
                None
            }
        }
    }
}

impl<'a> IntoIterator for &'a FieldErrors {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        FieldErrors(vec![error])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no invalid fields");
        }
        f.write_str("invalid fields: ")?;
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(&e.field)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    struct AlwaysBad;

    impl ToFieldError for AlwaysBad {
        fn to_field_error(&self, field: &str) -> FieldError {
            FieldError::new(field, "test.bad", Message::new("错误", "bad"))
        }
    }

    #[test]
    fn message_returns_the_requested_language() {
        let m = Message::new("中文", "English");
        assert_eq!(m.get(false), "中文");
        assert_eq!(m.get(true), "English");
    }

    #[test]
    fn take_returns_the_value_and_records_nothing_on_success() {
        let mut errors = FieldErrors::new();
        let v = errors.take("a", Ok::<_, AlwaysBad>(5));
        assert_eq!(v, Some(5));
        assert!(errors.is_empty());
        assert_eq!(errors.into_result("ok"), Ok("ok"));
    }

    #[test]
    fn take_records_the_error_under_the_given_field() {
        let mut errors = FieldErrors::new();
        let v: Option<u8> = errors.take("capital", Err(AlwaysBad));
        assert_eq!(v, None);
        assert_eq!(errors.len(), 1);
        let e = errors.for_field("capital").expect("recorded");
        assert_eq!(e.code, "test.bad");
        assert!(errors.for_field("other").is_none());
        assert!(errors.into_result(()).is_err());
    }

    #[test]
    fn display_lists_the_invalid_fields() {
        let mut errors = FieldErrors::new();
        errors.take::<(), _>("uscc", Err(AlwaysBad));
        errors.take::<(), _>("amount", Err(AlwaysBad));
        assert_eq!(errors.to_string(), "invalid fields: uscc, amount");
        assert_eq!(errors.iter().count(), 2);
    }

    #[test]
    fn with_suggestion_sets_the_suggestion() {
        let e = FieldError::new("f", "c", Message::new("甲", "a")).with_suggestion("x");
        assert_eq!(e.suggestion.as_deref(), Some("x"));
    }

    #[test]
    fn serialises_as_a_list_and_omits_a_missing_suggestion() {
        let errors = FieldErrors::from(FieldError::new("f", "c", Message::new("甲", "a")));
        let json = serde_json::to_string(&errors).unwrap();
        assert_eq!(json, r#"[{"field":"f","code":"c","message":{"zh":"甲","en":"a"}}]"#);
        let with = FieldError::new("f", "c", Message::new("甲", "a")).with_suggestion("s");
        let json = serde_json::to_string(&with).unwrap();
        assert!(json.ends_with(r#","suggestion":"s"}"#), "{json}");
    }
}

//! The form controls of the project pages, built in one place so every form
//! keeps what was typed and shows each field's message next to it: a control
//! knows its label, its value (posted, or prefilled), the service's message for
//! its field, and the template macro `projects/macros.html` draws it.

use crate::i18n::T;
use kaifang_domain::field_error::{FieldError, FieldErrors};
use std::collections::HashMap;

/// One form control as the project templates draw it.
#[derive(Debug, Clone)]
pub struct Control {
    /// Element id, unique on the page (`{form}-{name}`).
    pub id: String,
    /// Form field name.
    pub name: String,
    /// The field name the service's messages use (usually the same).
    pub field: String,
    pub label: String,
    /// text, date, number, textarea, select or checkbox.
    pub kind: &'static str,
    pub value: String,
    /// Select options: value, label.
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub error: Option<String>,
    pub hint: String,
    /// Id of a datalist offering values.
    pub list: String,
}

impl Control {
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = hint.to_string();
        self
    }

    /// The value to show when none was posted or prefilled.
    pub fn or_value(mut self, v: &str) -> Self {
        if self.value.is_empty() {
            self.value = v.to_string();
        }
        self
    }

    pub fn list(mut self, id: &str) -> Self {
        self.list = id.to_string();
        self
    }

    /// Whether a checkbox is checked.
    pub fn checked(&self) -> bool {
        matches!(self.value.as_str(), "true" | "on" | "1")
    }
}

/// A message with its suggestion, in the interface language.
fn message(t: &T, e: &FieldError) -> String {
    let m = e.message.get(t.is_en()).to_string();
    match &e.suggestion {
        Some(s) => format!("{m} — {} {s}?", t.t("form.suggestion")),
        None => m,
    }
}

/// Builds the controls of one form from its values and its messages.
pub struct Controls<'a> {
    t: T,
    form: &'a str,
    values: &'a HashMap<String, String>,
    errors: &'a FieldErrors,
}

impl<'a> Controls<'a> {
    pub fn new(t: T, form: &'a str, values: &'a HashMap<String, String>, errors: &'a FieldErrors) -> Self {
        Controls {
            t,
            form,
            values,
            errors,
        }
    }

    fn control(&self, kind: &'static str, name: &str, label_key: &str) -> Control {
        Control {
            id: format!("{}-{}", self.form, name.replace('_', "-")),
            name: name.to_string(),
            field: name.to_string(),
            label: self.t.t(label_key).to_string(),
            kind,
            value: self.values.get(name).cloned().unwrap_or_default(),
            options: vec![],
            required: false,
            error: self.errors.for_field(name).map(|e| message(&self.t, e)),
            hint: String::new(),
            list: String::new(),
        }
    }

    pub fn text(&self, name: &str, label_key: &str) -> Control {
        self.control("text", name, label_key)
    }

    pub fn date(&self, name: &str, label_key: &str) -> Control {
        self.control("date", name, label_key)
    }

    pub fn number(&self, name: &str, label_key: &str) -> Control {
        self.control("number", name, label_key)
    }

    pub fn area(&self, name: &str, label_key: &str) -> Control {
        self.control("textarea", name, label_key)
    }

    pub fn check(&self, name: &str, label_key: &str) -> Control {
        self.control("checkbox", name, label_key)
    }

    pub fn select(&self, name: &str, label_key: &str, options: Vec<(String, String)>) -> Control {
        Control {
            options,
            ..self.control("select", name, label_key)
        }
    }

    /// A control whose messages come under another field name (`investors[0].name`).
    pub fn reporting_as(&self, mut c: Control, field: &str) -> Control {
        c.field = field.to_string();
        c.error = self.errors.for_field(field).map(|e| message(&self.t, e));
        c
    }
}

/// Every message as "label: message", the label taken from the control that
/// shows it (or the field's own label, or the field name).
pub fn error_lines(t: &T, errors: &FieldErrors, forms: &[&[Control]]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let label = forms
                .iter()
                .flat_map(|f| f.iter())
                .find(|c| c.field == e.field && c.error.is_some())
                .map(|c| c.label.clone())
                .unwrap_or_else(|| {
                    let key = format!("project.f.{}", e.field);
                    match t.t(&key) {
                        k if k == key => e.field.clone(),
                        label => label.to_string(),
                    }
                });
            format!("{label}: {}", message(t, e))
        })
        .collect()
}

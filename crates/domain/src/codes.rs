//! Closed code lists (*listes de codes*): one mechanism for every coded value
//! of the domain. Each value has a stable code (database, forms, exports)
//! and a French label (pages); reading an unknown code is an error, never a
//! default. With the `sqlx` feature, the store binds and decodes these types
//! directly, so a row holds a `Role`, not a string that might not be one.

/// What every code list offers; [`code_list!`] implements it.
pub trait Code: Copy + Eq + std::fmt::Debug + 'static {
    /// The type's name, for error messages.
    const NAME: &'static str;

    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;

    fn parse(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.code() == code)
    }
}

/// The error of a code read from storage that the list does not hold.
#[derive(Debug, thiserror::Error)]
#[error("code inconnu « {code} » pour {list}")]
pub struct UnknownCode {
    pub list: &'static str,
    pub code: String,
}

/// Parses a stored code, refusing one the list does not hold.
pub fn decode<T: Code>(code: &str) -> Result<T, UnknownCode> {
    T::parse(code).ok_or_else(|| UnknownCode {
        list: T::NAME,
        code: code.to_owned(),
    })
}

/// Codes of one list stored together in one column (`federate,reach_out`),
/// read whole: an unknown one is an error, as for a single code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Codes<T>(pub Vec<T>);

impl<T: Code> Codes<T> {
    /// Parses a stored column: codes separated by commas.
    pub fn decode(column: &str) -> Result<Codes<T>, UnknownCode> {
        column
            .split(',')
            .filter(|c| !c.is_empty())
            .map(decode)
            .collect::<Result<_, _>>()
            .map(Codes)
    }
}

#[cfg(feature = "sqlx")]
impl<DB: sqlx::Database, T> sqlx::Type<DB> for Codes<T>
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

#[cfg(feature = "sqlx")]
impl<'r, DB: sqlx::Database, T: Code> sqlx::Decode<'r, DB> for Codes<T>
where
    String: sqlx::Decode<'r, DB>,
{
    fn decode(
        value: <DB as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        let column = <String as sqlx::Decode<'r, DB>>::decode(value)?;
        Ok(Codes::decode(&column)?)
    }
}

/// Declares a closed list of codes with their French labels:
///
/// ```
/// use maillage_domain::codes::code_list;
///
/// code_list!(
///     /// Where a step stands.
///     StepStatus {
///         Planned = "planned", "Prévue";
///         Done = "done", "Réalisée";
///     }
/// );
///
/// assert_eq!(StepStatus::parse("done"), Some(StepStatus::Done));
/// assert_eq!(StepStatus::Planned.label(), "Prévue");
/// assert_eq!(StepStatus::parse("dropped"), None);
/// ```
///
/// The sqlx impls follow the `sqlx` feature of the crate that expands the
/// macro: the domain's own lists get them when the store enables it.
#[macro_export]
macro_rules! code_list {
    (
        $(#[$doc:meta])*
        $name:ident {
            $($(#[$vdoc:meta])* $variant:ident = $code:literal, $label:literal;)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.into_iter().find(|v| v.code() == code)
            }
        }

        impl $crate::codes::Code for $name {
            const NAME: &'static str = stringify!($name);

            fn all() -> &'static [Self] {
                &Self::ALL
            }

            fn code(self) -> &'static str {
                $name::code(self)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok($crate::codes::decode::<$name>(code)?)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, DB>>::encode(self.code(), buf)
            }
        }
    };
}
pub use crate::code_list;

#[cfg(test)]
mod tests {
    use super::*;

    code_list!(
        /// A list for the tests.
        Colour {
            Red = "red", "Rouge";
            Blue = "blue", "Bleu";
        }
    );

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for colour in Colour::ALL {
            assert_eq!(decode::<Colour>(colour.code()).unwrap(), colour);
        }
        assert_eq!(<Colour as Code>::all().len(), 2);
        assert_eq!(Colour::parse("blue"), Some(Colour::Blue));
        let error = decode::<Colour>("green").unwrap_err();
        assert_eq!(error.to_string(), "code inconnu « green » pour Colour");
    }

    #[test]
    fn a_column_of_codes_is_read_whole() {
        assert_eq!(
            Codes::<Colour>::decode("red,blue").unwrap(),
            Codes(vec![Colour::Red, Colour::Blue])
        );
        assert_eq!(Codes::<Colour>::decode("").unwrap(), Codes(vec![]));
        let error = Codes::<Colour>::decode("red,green").unwrap_err();
        assert_eq!(error.code, "green");
    }
}

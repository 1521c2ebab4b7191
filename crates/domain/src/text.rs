//! Folding text for comparing and sorting (*clé de tri*): the same on every
//! backend, so that « Élodie » sorts with « Elodie » on SQLite as on
//! PostgreSQL, and a commune typed « ponts de ce » is « Les Ponts-de-Cé ».

/// Lower case, without accents or punctuation, single spaces.
pub fn fold(text: &str) -> String {
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'æ' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'œ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' => 'y',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_case_and_punctuation_fold_away() {
        assert_eq!(fold("Les Ponts-de-Cé"), "les ponts de ce");
        assert_eq!(fold("  ÉLODIE   Lefèvre "), "elodie lefevre");
        assert_eq!(fold("Saint-Barthélemy-d'Anjou"), "saint barthelemy d anjou");
    }
}

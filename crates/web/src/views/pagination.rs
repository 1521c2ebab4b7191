//! DSFR pagination: first, previous, the pages around the current one, next
//! and last; every link built by the caller, so it keeps its filters.

/// Page links shown on each side of the current page.
const WINDOW: i64 = 2;

pub enum PageLink {
    Page {
        number: i64,
        href: String,
        current: bool,
    },
    Gap,
}

pub struct Pagination {
    /// The navigation's accessible name (« Pagination des personnes »).
    pub aria_label: &'static str,
    /// « page 2 sur 5 », for the table's caption.
    pub label: String,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub pages: Vec<PageLink>,
    pub next: Option<String>,
    pub last: Option<String>,
}

impl Pagination {
    /// The links for `total` lines shown `per_page` at a time, on page
    /// `current`; none when one page holds them all.
    pub fn new(
        aria_label: &'static str,
        current: i64,
        total: i64,
        per_page: i64,
        href: impl Fn(i64) -> String,
    ) -> Option<Pagination> {
        let pages = (total + per_page - 1) / per_page;
        if pages <= 1 {
            return None;
        }
        let mut links = Vec::new();
        for number in 1..=pages {
            let near = (number - current).abs() <= WINDOW;
            if number == 1 || number == pages || near {
                links.push(PageLink::Page {
                    number,
                    href: href(number),
                    current: number == current,
                });
            } else if !matches!(links.last(), Some(PageLink::Gap)) {
                links.push(PageLink::Gap);
            }
        }
        let when = |condition: bool, page: i64| condition.then(|| href(page));
        Some(Pagination {
            aria_label,
            label: format!("page {current} sur {pages}"),
            first: when(current > 1, 1),
            previous: when(current > 1, (current - 1).min(pages)),
            pages: links,
            next: when(current < pages, current + 1),
            last: when(current < pages, pages),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Pagination) -> Vec<Option<i64>> {
        p.pages
            .iter()
            .map(|link| match link {
                PageLink::Page { number, .. } => Some(*number),
                PageLink::Gap => None,
            })
            .collect()
    }

    #[test]
    fn one_page_needs_no_links() {
        assert!(Pagination::new("p", 1, 0, 50, |n| n.to_string()).is_none());
        assert!(Pagination::new("p", 1, 50, 50, |n| n.to_string()).is_none());
    }

    #[test]
    fn far_pages_fold_into_gaps() {
        let p = Pagination::new("p", 6, 1_000, 50, |n| format!("?page={n}")).unwrap();
        assert_eq!(p.label, "page 6 sur 20");
        assert_eq!(
            numbers(&p),
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(20)
            ]
        );
        assert_eq!(p.previous.as_deref(), Some("?page=5"));
        assert_eq!(p.last.as_deref(), Some("?page=20"));
    }

    #[test]
    fn the_ends_have_no_link_past_them() {
        let first = Pagination::new("p", 1, 120, 50, |n| n.to_string()).unwrap();
        assert!(first.first.is_none() && first.previous.is_none());
        assert_eq!(first.next.as_deref(), Some("2"));
        // A page past the end (an old link) still leads back.
        let past = Pagination::new("p", 9, 120, 50, |n| n.to_string()).unwrap();
        assert!(past.next.is_none() && past.last.is_none());
        assert_eq!(past.previous.as_deref(), Some("3"));
    }
}

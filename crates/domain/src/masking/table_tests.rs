use proptest::prelude::*;

use super::*;

/// The masked cells of `table` that can be recomputed:
/// for each masked cell, whether the lines' equations, with every shown
/// figure known, pin it down. Independent of the suppression's graph: plain
/// linear algebra, the unit vector of the cell against the equations' rows.
fn recomputable(table: &MaskedTable) -> Vec<(usize, usize)> {
    let (rows, cols) = (table.rows(), table.cols());
    let unknowns: Vec<(usize, usize)> = (0..=rows)
        .flat_map(|r| (0..=cols).map(move |c| (r, c)))
        .filter(|(r, c)| table.cell(*r, *c).count().is_none())
        .collect();
    let index = |r: usize, c: usize| unknowns.iter().position(|u| *u == (r, c));
    // Each row: its cells minus its total; each column likewise.
    let mut equations = Vec::new();
    for r in 0..=rows {
        let mut eq = vec![0.0; unknowns.len()];
        for c in 0..=cols {
            let sign = if c == cols { -1.0 } else { 1.0 };
            if let Some(i) = index(r, c) {
                eq[i] += sign;
            }
        }
        equations.push(eq);
    }
    for c in 0..=cols {
        let mut eq = vec![0.0; unknowns.len()];
        for r in 0..=rows {
            let sign = if r == rows { -1.0 } else { 1.0 };
            if let Some(i) = index(r, c) {
                eq[i] += sign;
            }
        }
        equations.push(eq);
    }
    let base = rank(equations.clone());
    unknowns
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let mut with = equations.clone();
            let mut unit = vec![0.0; unknowns.len()];
            unit[*i] = 1.0;
            with.push(unit);
            rank(with) == base
        })
        .map(|(_, cell)| *cell)
        .collect()
}

/// Gaussian elimination with partial pivoting; the matrices are small and
/// their entries -1, 0 or 1.
fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let width = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..width {
        let Some(pivot) =
            (rank..m.len()).max_by(|a, b| m[*a][col].abs().total_cmp(&m[*b][col].abs()))
        else {
            break;
        };
        if m[pivot][col].abs() < 1e-9 {
            continue;
        }
        m.swap(rank, pivot);
        let pivot_row = m[rank].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != rank {
                let factor = row[col] / pivot_row[col];
                for (cell, p) in row.iter_mut().zip(&pivot_row).skip(col) {
                    *cell -= factor * p;
                }
            }
        }
        rank += 1;
    }
    rank
}

fn value(table: &MaskedTable, r: usize, c: usize) -> Shown {
    table.cell(r, c)
}

#[test]
fn a_lone_small_count_takes_three_more_cells_with_it() {
    // One small count in the middle of large ones: the classic rectangle.
    let counts = vec![vec![20, 3, 40], vec![30, 25, 60], vec![12, 18, 9]];
    let table = mask_table(Role::Pilote, &counts);
    assert_eq!(value(&table, 0, 1), Shown::Small);
    let withheld: Vec<(usize, usize)> = (0..=3)
        .flat_map(|r| (0..=3).map(move |c| (r, c)))
        .filter(|(r, c)| table.cell(*r, *c) == Shown::Withheld)
        .collect();
    // The smallest cell beside it in its row (20), then the smallest ones
    // that close the rectangle: 18 under it, 12 beside 20.
    assert_eq!(withheld, [(0, 0), (2, 0), (2, 1)]);
    assert_eq!(table.total(), Shown::Count(217));
    assert_eq!(table.row_total(0), Shown::Count(63));
    assert!(recomputable(&table).is_empty());
    assert_eq!(value(&table, 2, 1).text(), "non communiqué");
    assert_eq!(value(&table, 0, 1).text(), "< 5");
}

#[test]
fn small_cells_alone_in_a_line_take_a_larger_one_with_them() {
    // 4 + 4 = 58 - 50: both 4s would be known; the 50 hides with them.
    let table = mask_table(Role::National, &[vec![4], vec![4], vec![50]]);
    assert_eq!(table.cell(2, 0), Shown::Withheld);
    assert_eq!(table.total(), Shown::Count(58));
    assert!(recomputable(&table).is_empty());
}

#[test]
fn a_column_of_cites_hides_a_small_one_among_two_others_or_its_total() {
    let (cells, total) = mask_column(Role::National, &[3, 40, 90, 200]);
    assert_eq!(
        cells,
        [
            Shown::Small,
            Shown::Withheld,
            Shown::Withheld,
            Shown::Count(200)
        ]
    );
    assert_eq!(total, Shown::Count(333));
    // Two Cités: the other would read the small one from the total.
    let (cells, total) = mask_column(Role::National, &[3, 40]);
    assert_eq!(cells, [Shown::Small, Shown::Withheld]);
    assert_eq!(total, Shown::Withheld);
    let (cells, total) = mask_column(Role::Coordinateur, &[3, 40]);
    assert_eq!((cells[0], total), (Shown::Count(3), Shown::Count(43)));
}

#[test]
fn those_who_follow_the_persons_read_every_count() {
    let counts = vec![vec![1, 2], vec![3, 40]];
    let table = mask_table(Role::Coordinateur, &counts);
    assert_eq!(table.cell(0, 0), Shown::Count(1));
    assert_eq!(table.total(), Shown::Count(46));
    let table = mask_table(Role::National, &counts);
    assert_eq!(table.cell(1, 1), Shown::Withheld);
    assert_eq!(table.total(), Shown::Count(46));
}

#[test]
fn zeros_and_empty_tables_stay_shown() {
    let table = mask_table(Role::Pilote, &[vec![0, 0], vec![10, 7]]);
    assert!((0..=2).all(|r| (0..=2).all(|c| table.cell(r, c).count().is_some())));
    let empty = mask_table(Role::Pilote, &[]);
    assert_eq!(
        (empty.rows(), empty.cols(), empty.total()),
        (0, 0, Shown::Count(0))
    );
}

/// Mostly small counts, where masking bites, and now and then large ones.
fn counts() -> impl Strategy<Value = Vec<Vec<i64>>> {
    let count = prop_oneof![4 => 0i64..8, 2 => 5i64..60, 1 => 100i64..5_000];
    (1usize..7, 1usize..7).prop_flat_map(move |(rows, cols)| {
        prop::collection::vec(prop::collection::vec(count.clone(), cols), rows)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_masked_count_can_be_recomputed(counts in counts()) {
        let table = mask_table(Role::Pilote, &counts);
        prop_assert_eq!(recomputable(&table), Vec::<(usize, usize)>::new());
    }

    #[test]
    fn no_line_hides_small_counts_alone_beside_a_larger_one(counts in counts()) {
        let table = mask_table(Role::Pilote, &counts);
        let exact = mask_table(Role::Coordinateur, &counts);
        let (rows, cols) = (table.rows(), table.cols());
        let rows_lines = (0..=rows).map(|r| (0..=cols).map(|c| (r, c)).collect::<Vec<_>>());
        let col_lines = (0..=cols).map(|c| (0..=rows).map(|r| (r, c)).collect::<Vec<_>>());
        for line in rows_lines.chain(col_lines) {
            let hidden: Vec<_> = line.iter().filter(|(r, c)| table.cell(*r, *c).count().is_none()).collect();
            let only_small = !hidden.is_empty()
                && hidden.iter().all(|(r, c)| table.cell(*r, *c) == Shown::Small);
            let larger_shown = line.iter().any(|(r, c)| {
                matches!(table.cell(*r, *c), Shown::Count(n) if n >= MIN_SHOWN_COUNT)
            });
            prop_assert!(!(only_small && larger_shown), "{line:?} of {exact:?}");
        }
    }

    #[test]
    fn what_is_shown_is_exact_and_never_small(counts in counts()) {
        let table = mask_table(Role::National, &counts);
        let exact = mask_table(Role::Coordinateur, &counts);
        for r in 0..=table.rows() {
            for c in 0..=table.cols() {
                let real = exact.cell(r, c).count().unwrap();
                match table.cell(r, c) {
                    Shown::Count(n) => {
                        prop_assert_eq!(n, real);
                        prop_assert!(n == 0 || n >= MIN_SHOWN_COUNT);
                    }
                    Shown::Small => prop_assert!(real > 0 && real < MIN_SHOWN_COUNT),
                    Shown::Withheld => prop_assert!(real == 0 || real >= MIN_SHOWN_COUNT),
                }
            }
        }
    }
}

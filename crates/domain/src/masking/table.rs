//! Secondary suppression (*secret secondaire*) over a table of counts of
//! persons published with its totals: a count under [`MIN_SHOWN_COUNT`] is
//! masked (*secret primaire*), and so are as many other cells as it takes
//! for no masked count to be recomputed from what is shown.
//!
//! A table with its row totals, column totals and grand total satisfies one
//! equation per line (the cells of a row add up to its total, and so do a
//! column's). Seen as a bipartite graph — one node per line, one edge per
//! masked cell — a masked cell can be recomputed exactly when its edge is a
//! bridge: then the lines on either side of it pin it down. On a cycle it
//! cannot, as adding and taking one in turn along the cycle keeps every
//! total. So, until no masked cell is a bridge, the smallest cell that
//! closes a cycle through the bridge is masked too; when no single cell
//! can, the smallest other cell of the bridge's lone line (the rule as
//! statisticians state it) extends the chain until one can.

use crate::accounts::Role;
use crate::masking::{may_reveal, MIN_SHOWN_COUNT, WITHHELD};
use crate::numbers;

/// One figure of a published table, as its reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(i64),
    /// Under [`MIN_SHOWN_COUNT`] (*secret primaire*).
    Small,
    /// Hidden so that a small one cannot be recomputed (*secret secondaire*).
    Withheld,
}

impl Shown {
    /// `12 000`, `< 5` or « non communiqué ».
    pub fn text(self) -> String {
        match self {
            Shown::Count(count) => numbers::integer(count),
            Shown::Small => format!("< {MIN_SHOWN_COUNT}"),
            Shown::Withheld => WITHHELD.to_owned(),
        }
    }

    /// The exact count, when shown.
    pub fn count(self) -> Option<i64> {
        match self {
            Shown::Count(count) => Some(count),
            Shown::Small | Shown::Withheld => None,
        }
    }
}

/// A table of counts with its totals, masked for its reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedTable {
    rows: usize,
    cols: usize,
    /// `(rows + 1) × (cols + 1)`, row by row: each row ends with its total,
    /// the last row holds the columns' totals and the grand total.
    shown: Vec<Shown>,
}

impl MaskedTable {
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn cell(&self, row: usize, col: usize) -> Shown {
        self.shown[row * (self.cols + 1) + col]
    }

    pub fn row_total(&self, row: usize) -> Shown {
        self.cell(row, self.cols)
    }

    pub fn col_total(&self, col: usize) -> Shown {
        self.cell(self.rows, col)
    }

    pub fn total(&self) -> Shown {
        self.cell(self.rows, self.cols)
    }
}

/// `counts` (rows of equal length; a missing cell counts as zero) with
/// their totals, as `role` may read them: exact for those who work with
/// the persons, masked for everyone else.
pub fn mask_table(role: Role, counts: &[Vec<i64>]) -> MaskedTable {
    let rows = counts.len();
    let cols = counts.iter().map(Vec::len).max().unwrap_or(0);
    let grid = Grid::with_totals(counts, rows, cols);
    let mut masked: Vec<bool> = grid
        .values
        .iter()
        .map(|count| !may_reveal(role, *count))
        .collect();
    let primary = masked.clone();
    grid.suppress(&mut masked, &primary);
    let shown = grid
        .values
        .iter()
        .zip(masked.iter().zip(&primary))
        .map(|(count, masked)| match masked {
            (false, _) => Shown::Count(*count),
            (true, true) => Shown::Small,
            (true, false) => Shown::Withheld,
        })
        .collect();
    MaskedTable { rows, cols, shown }
}

/// A column of Cités' counts with its total, for readers who may know one
/// Cité's own figure: masked as a table, then with at least two masked
/// figures that are not small beside any small one, so that no single
/// Cité's figure, once known, gives a small one back; the total is withheld
/// when there are too few Cités to hide among. The cells, then the total.
pub fn mask_column(role: Role, values: &[i64]) -> (Vec<Shown>, Shown) {
    let rows: Vec<Vec<i64>> = values.iter().map(|v| vec![*v]).collect();
    let table = mask_table(role, &rows);
    let mut cells: Vec<Shown> = (0..table.rows()).map(|r| table.cell(r, 0)).collect();
    let mut total = table.col_total(0);
    if !cells.contains(&Shown::Small) {
        return (cells, total);
    }
    while cells.iter().filter(|c| **c == Shown::Withheld).count() < 2 {
        let next = (0..cells.len())
            .filter(|r| matches!(cells[*r], Shown::Count(v) if v >= MIN_SHOWN_COUNT))
            .min_by_key(|r| (values[*r], *r));
        match next {
            Some(r) => cells[r] = Shown::Withheld,
            None => {
                if total != Shown::Small {
                    total = Shown::Withheld;
                }
                break;
            }
        }
    }
    (cells, total)
}

/// The table extended with its totals; its lines are the graph's nodes:
/// rows first, then columns.
struct Grid {
    width: usize,
    height: usize,
    values: Vec<i64>,
}

impl Grid {
    fn with_totals(counts: &[Vec<i64>], rows: usize, cols: usize) -> Grid {
        let (height, width) = (rows + 1, cols + 1);
        let mut values = vec![0; height * width];
        for (r, row) in counts.iter().enumerate() {
            for (c, count) in row.iter().enumerate() {
                values[r * width + c] = *count;
                values[r * width + cols] += count;
                values[rows * width + c] += count;
                values[rows * width + cols] += count;
            }
        }
        Grid {
            width,
            height,
            values,
        }
    }

    fn ends(&self, cell: usize) -> (usize, usize) {
        (cell / self.width, self.height + cell % self.width)
    }

    fn cell(&self, row: usize, col_node: usize) -> usize {
        row * self.width + col_node - self.height
    }

    /// The lines reached from `start` along masked cells, without `cut`.
    fn reached(&self, masked: &[bool], start: usize, cut: usize) -> Vec<bool> {
        let mut seen = vec![false; self.height + self.width];
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(node) = stack.pop() {
            let neighbours: Vec<(usize, usize)> = if node < self.height {
                (self.height..self.height + self.width)
                    .map(|col| (col, self.cell(node, col)))
                    .collect()
            } else {
                (0..self.height)
                    .map(|row| (row, self.cell(row, node)))
                    .collect()
            };
            for (next, cell) in neighbours {
                if masked[cell] && cell != cut && !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }

    /// The first masked cell that is a bridge, with the lines on its row's
    /// side and on its column's side once it is cut.
    fn bridge(&self, masked: &[bool]) -> Option<(usize, Vec<bool>, Vec<bool>)> {
        (0..masked.len()).filter(|c| masked[*c]).find_map(|cell| {
            let (row, col) = self.ends(cell);
            let side = self.reached(masked, row, cell);
            (!side[col]).then(|| (cell, side, self.reached(masked, col, cell)))
        })
    }

    /// The cell to mask among `candidates`: the smallest count, a non-zero
    /// one first (a masked zero protects little: counts are never negative).
    fn smallest(&self, candidates: impl Iterator<Item = usize>) -> Option<usize> {
        candidates.min_by_key(|cell| (self.values[*cell] == 0, self.values[*cell], *cell))
    }

    /// Masks cells until no masked one is a bridge, and no line's masked
    /// cells are all small while a larger one could join them: the sum of
    /// a line's masked cells is known from what it shows, and small ones
    /// alone are bounded by it (two masked 4s that add up to 8).
    fn suppress(&self, masked: &mut [bool], primary: &[bool]) {
        loop {
            self.close_bridges(masked);
            match self.small_only_line(masked, primary) {
                Some(cell) => masked[cell] = true,
                None => break,
            }
        }
    }

    /// The lines: each row's cells, then each column's.
    fn lines(&self) -> impl Iterator<Item = Vec<usize>> + '_ {
        let rows = (0..self.height).map(|r| {
            (self.height..self.height + self.width)
                .map(|c| self.cell(r, c))
                .collect()
        });
        let cols = (self.height..self.height + self.width)
            .map(|c| (0..self.height).map(|r| self.cell(r, c)).collect());
        rows.chain(cols)
    }

    /// The smallest shown cell of at least the threshold in a line whose
    /// masked cells are all small.
    fn small_only_line(&self, masked: &[bool], primary: &[bool]) -> Option<usize> {
        self.lines().find_map(|line| {
            let hidden: Vec<usize> = line.iter().copied().filter(|c| masked[*c]).collect();
            if hidden.is_empty() || !hidden.iter().all(|c| primary[*c]) {
                return None;
            }
            let larger = line
                .into_iter()
                .filter(|c| !masked[*c] && self.values[*c] >= MIN_SHOWN_COUNT);
            self.smallest(larger)
        })
    }

    /// Masks cells until no masked one is a bridge.
    fn close_bridges(&self, masked: &mut [bool]) {
        while let Some((bridge, row_side, col_side)) = self.bridge(masked) {
            let across = (0..masked.len()).filter(|cell| {
                let (row, col) = self.ends(*cell);
                !masked[*cell]
                    && ((row_side[row] && col_side[col]) || (col_side[row] && row_side[col]))
            });
            let next = self.smallest(across).or_else(|| {
                // A lone line at one end: the smallest other cell of it.
                let (row, col) = self.ends(bridge);
                let alone = |side: &[bool]| side.iter().filter(|s| **s).count() == 1;
                let line: Vec<usize> = if alone(&row_side) {
                    (self.height..self.height + self.width)
                        .map(|c| self.cell(row, c))
                        .collect()
                } else if alone(&col_side) {
                    (0..self.height).map(|r| self.cell(r, col)).collect()
                } else {
                    Vec::new()
                };
                self.smallest(line.into_iter().filter(|cell| !masked[*cell]))
            });
            match next {
                Some(cell) => masked[cell] = true,
                // Only a table without cells has nothing left to mask.
                None => break,
            }
        }
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;

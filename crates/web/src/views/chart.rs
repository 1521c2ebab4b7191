//! Bar charts (*graphiques*) rendered on the server as SVG: they need no
//! script (the CSP forbids inline ones), print, and read the same in every
//! browser. Each chart is followed on its page by its data table (RGAA);
//! `templates/charts.html` draws it.

/// The longest bar, in SVG units.
const BAR_MAX: i64 = 440;
/// The room right of the longest bar, for its value.
const TEXT_ROOM: i64 = 240;
const BAR_HEIGHT: i64 = 14;
/// Above a group's bars: its caption line.
const CAPTION: i64 = 20;
/// Below a group's bars.
const GAP: i64 = 12;

/// A series' fill and legend.
pub type Series<'a> = (&'static str, &'a str);

/// DSFR blues, lightest first.
pub const BLUES: [&str; 3] = ["#cacafb", "#6a6af4", "#000091"];

/// One figure of a group: its value, or `None` when it is not drawn (a
/// masked count), and the text beside its bar.
pub struct Value {
    pub value: Option<i64>,
    pub text: String,
}

pub struct Bar {
    pub y: i64,
    pub width: i64,
    /// Where its text starts, right of the bar.
    pub text_x: i64,
    pub fill: &'static str,
    pub text: String,
}

pub struct Group {
    pub label: String,
    pub label_y: i64,
    pub bars: Vec<Bar>,
}

/// Groups of horizontal bars, one bar per series, scaled to the largest
/// value drawn.
pub struct BarChart {
    pub width: i64,
    pub height: i64,
    pub groups: Vec<Group>,
    pub legend: Vec<(&'static str, String)>,
}

impl BarChart {
    /// `groups`: each label with one value per series, in `series` order.
    pub fn new(groups: Vec<(String, Vec<Value>)>, series: &[Series<'_>]) -> BarChart {
        let max = groups
            .iter()
            .flat_map(|(_, values)| values.iter().filter_map(|v| v.value))
            .max()
            .unwrap_or(0)
            .max(1);
        let group_height = CAPTION + series.len() as i64 * (BAR_HEIGHT + 4) + GAP;
        let height = group_height * groups.len() as i64;
        let groups = groups
            .into_iter()
            .zip(0i64..)
            .map(|((label, values), i)| {
                let top = i * group_height;
                let bars = values
                    .into_iter()
                    .zip(series)
                    .zip(0i64..)
                    .map(|((value, (fill, name)), j)| {
                        let width = value.value.unwrap_or(0).max(0) * BAR_MAX / max;
                        Bar {
                            y: top + CAPTION + j * (BAR_HEIGHT + 4),
                            width,
                            text_x: width + 6,
                            fill,
                            text: format!("{name} : {}", value.text),
                        }
                    })
                    .collect();
                Group {
                    label,
                    label_y: top + 14,
                    bars,
                }
            })
            .collect();
        BarChart {
            width: BAR_MAX + TEXT_ROOM,
            height,
            groups,
            legend: series
                .iter()
                .map(|(fill, name)| (*fill, (*name).to_owned()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(value: Option<i64>, text: &str) -> Value {
        Value {
            value,
            text: text.into(),
        }
    }

    #[test]
    fn bars_are_scaled_to_the_largest_figure_drawn() {
        let series = [("#cacafb", "2025"), ("#000091", "2026")];
        let chart = BarChart::new(
            vec![
                (
                    "Séances".into(),
                    vec![value(Some(20), "20"), value(Some(10), "10")],
                ),
                (
                    "Bénéficiaires".into(),
                    vec![value(None, "< 5"), value(Some(40), "40")],
                ),
            ],
            &series,
        );
        let widths: Vec<Vec<i64>> = chart
            .groups
            .iter()
            .map(|g| g.bars.iter().map(|b| b.width).collect())
            .collect();
        assert_eq!(widths, [[BAR_MAX / 2, BAR_MAX / 4], [0, BAR_MAX]]);
        assert_eq!(chart.groups[1].bars[0].text, "2025 : < 5");
        assert_eq!(chart.groups[1].label_y, chart.height / 2 + 14);
        assert!(BarChart::new(Vec::new(), &series).groups.is_empty());
    }
}

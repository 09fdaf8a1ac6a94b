//! What a visit earns.
//!
//! **Rounding rule**: points are computed exactly, per purchase line, as
//! `cents × points_per_unit × tier% × promotion%` (in hundredths of hundredths
//! of hundredths of a point), summed over the lines, and rounded **down once**
//! for the whole visit. So €4.90 at 1 point per euro earns 4 points, and two
//! lines of €0.60 earn 1 point, not 0.

use serde::{Deserialize, Serialize};

use crate::program::{PointsRules, Promotion, StampEarn};

/// The largest amount one visit may record (€100,000.00): a guard against a
/// typo, not a business rule.
pub const MAX_AMOUNT_CENTS: i64 = 10_000_000;

/// One line of a purchase.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Amount in cents, ≥ 0.
    pub amount_cents: i64,
    /// Product category (for category promotions), e.g. "pastries".
    #[serde(default)]
    pub category: Option<String>,
}

/// Points a visit earns, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PointsEarned {
    /// Points without any multiplier.
    pub base: i64,
    /// Points after the tier and promotion multipliers.
    pub total: i64,
    /// Ids of the promotions that raised some line.
    pub promotions: Vec<i64>,
}

/// The best promotion for a line: the highest multiplier that applies.
/// Promotions do not stack with each other; they stack with the tier.
fn best_promotion<'a>(
    promotions: &'a [Promotion],
    category: Option<&str>,
    now_ms: i64,
) -> Option<&'a Promotion> {
    promotions
        .iter()
        .filter(|p| p.applies(category, now_ms) && p.multiplier_pct > 100)
        .max_by_key(|p| (p.multiplier_pct, -p.id))
}

/// Points for `lines` bought at `now_ms` by a customer whose tier multiplies by
/// `tier_pct` percent. Negative amounts count as zero (validation refuses them
/// before this point).
pub fn points_for_visit(
    rules: &PointsRules,
    lines: &[Line],
    tier_pct: u32,
    promotions: &[Promotion],
    now_ms: i64,
) -> PointsEarned {
    let ppu = i128::from(rules.points_per_unit);
    let mut base_exact: i128 = 0;
    let mut total_exact: i128 = 0;
    let mut used = Vec::new();
    for line in lines {
        let cents = i128::from(line.amount_cents.max(0));
        let promo = best_promotion(promotions, line.category.as_deref(), now_ms);
        let promo_pct = promo.map_or(100, |p| i128::from(p.multiplier_pct));
        if let Some(p) = promo.filter(|p| !used.contains(&p.id)) {
            used.push(p.id);
        }
        base_exact += cents * ppu;
        total_exact += cents * ppu * i128::from(tier_pct) * promo_pct;
    }
    let clamp = |v: i128| i64::try_from(v).unwrap_or(i64::MAX);
    PointsEarned {
        base: clamp(base_exact / 100),
        total: clamp(total_exact / 1_000_000),
        promotions: used,
    }
}

/// Stamps a visit earns: what staff chose for a per-visit card, or one per
/// full `cents` spent for a per-amount card.
pub fn stamps_for_visit(rule: StampEarn, requested: u32, amount_cents: i64) -> u32 {
    match rule {
        StampEarn::PerVisit => requested,
        StampEarn::PerAmount { cents } if cents > 0 => {
            u32::try_from(amount_cents.max(0) / i64::from(cents)).unwrap_or(u32::MAX)
        }
        StampEarn::PerAmount { .. } => 0,
    }
}

/// Parses an amount typed at the counter, in the currency's main unit, into
/// cents: `4`, `4.5`, `4,50` and `1.234,50` (a grouping separator before
/// three digits) are accepted. `None` for anything else, a negative amount,
/// more than two decimals, or more than [`MAX_AMOUNT_CENTS`].
pub fn parse_amount_cents(input: &str) -> Option<i64> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    // The last separator followed by one or two digits is the decimal one;
    // any other separator groups thousands.
    let decimal_at = s
        .rfind(['.', ','])
        .filter(|&i| (1..=2).contains(&(s.len() - i - 1)));
    let (whole, fraction) = match decimal_at {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s.as_str(), ""),
    };
    // Groups after the first have exactly three digits.
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups[0].is_empty() && !(groups.len() == 1 && decimal_at == Some(0))
        || groups[1..].iter().any(|g| g.len() != 3)
    {
        return None;
    }
    let units: i64 = groups.concat().parse().unwrap_or(0);
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    let total = units.checked_mul(100)?.checked_add(cents)?;
    (total <= MAX_AMOUNT_CENTS).then_some(total)
}

/// A purchase typed at the counter as a total "of which" some parts are in
/// promoted categories, as the lines of a visit: one line per part above
/// zero and one for the rest. `None` when the parts add up to more than the
/// total.
pub fn split_purchase(total_cents: i64, parts: &[(String, i64)]) -> Option<Vec<Line>> {
    let in_parts: i64 = parts.iter().map(|(_, c)| (*c).max(0)).sum();
    let rest = total_cents.checked_sub(in_parts).filter(|r| *r >= 0)?;
    let mut lines: Vec<Line> = parts
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|(category, c)| Line {
            amount_cents: *c,
            category: Some(category.clone()),
        })
        .collect();
    if rest > 0 || lines.is_empty() {
        lines.push(Line {
            amount_cents: rest,
            category: None,
        });
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ONE_PER_EURO: PointsRules = PointsRules {
        points_per_unit: 1,
        point_value_cents: 5,
        expire_months: 0,
    };

    fn line(amount_cents: i64, category: Option<&str>) -> Line {
        Line {
            amount_cents,
            category: category.map(str::to_owned),
        }
    }

    fn promo(id: i64, pct: u32, category: Option<&str>) -> Promotion {
        Promotion {
            id,
            name: format!("promo {id}"),
            multiplier_pct: pct,
            starts_at_ms: 1_000,
            ends_at_ms: 2_000,
            category: category.map(str::to_owned),
        }
    }

    #[test]
    fn only_whole_units_earn_and_the_total_rounds_down_once() {
        let p = points_for_visit(&ONE_PER_EURO, &[line(490, None)], 100, &[], 0);
        assert_eq!((p.base, p.total), (4, 4));
        let p = points_for_visit(
            &ONE_PER_EURO,
            &[line(60, None), line(60, None)],
            100,
            &[],
            0,
        );
        assert_eq!(p.total, 1);
    }

    #[test]
    fn the_tier_multiplies_every_line() {
        let p = points_for_visit(&ONE_PER_EURO, &[line(1_000, None)], 150, &[], 0);
        assert_eq!((p.base, p.total), (10, 15));
    }

    #[test]
    fn a_category_promotion_doubles_only_its_category_while_it_runs() {
        let promos = [promo(7, 200, Some("pastries"))];
        let lines = [line(300, Some("Pastries")), line(500, Some("coffee"))];
        let during = points_for_visit(&ONE_PER_EURO, &lines, 100, &promos, 1_500);
        assert_eq!((during.total, during.promotions.clone()), (11, vec![7]));
        let after = points_for_visit(&ONE_PER_EURO, &lines, 100, &promos, 2_000);
        assert_eq!((after.total, after.promotions.len()), (8, 0));
    }

    #[test]
    fn promotions_do_not_stack_but_the_best_one_applies() {
        let promos = [promo(1, 150, None), promo(2, 300, Some("pastries"))];
        let p = points_for_visit(
            &ONE_PER_EURO,
            &[line(1_000, Some("pastries"))],
            100,
            &promos,
            1_500,
        );
        assert_eq!((p.total, p.promotions.clone()), (30, vec![2]));
    }

    #[test]
    fn stamps_follow_the_cards_rule() {
        assert_eq!(stamps_for_visit(StampEarn::PerVisit, 2, 0), 2);
        assert_eq!(
            stamps_for_visit(StampEarn::PerAmount { cents: 500 }, 1, 1_499),
            2
        );
        assert_eq!(
            stamps_for_visit(StampEarn::PerAmount { cents: 0 }, 1, 1_499),
            0
        );
    }

    proptest! {
        #[test]
        fn multipliers_never_lower_points(cents in 0i64..10_000_000, tier in 100u32..400, promo_pct in 100u32..400) {
            let plain = points_for_visit(&ONE_PER_EURO, &[line(cents, None)], 100, &[], 1_500);
            let raised = points_for_visit(&ONE_PER_EURO, &[line(cents, None)], tier, &[promo(1, promo_pct, None)], 1_500);
            prop_assert!(raised.total >= plain.total);
            prop_assert_eq!(plain.total, cents / 100);
        }
    }

    #[test]
    fn amounts_typed_at_the_counter_parse_in_either_convention() {
        for (typed, cents) in [
            ("4", 400),
            ("4.5", 450),
            ("4,50", 450),
            (" 12.05 ", 1205),
            ("1.234,50", 123_450),
            ("1,234.50", 123_450),
            ("1.234", 123_400),
            (",5", 50),
            ("0", 0),
        ] {
            assert_eq!(parse_amount_cents(typed), Some(cents), "{typed}");
        }
        for typed in [
            "", "-4", "4.5055", "abc", "4..5", "1.23.4", "12,3456", "100001", "9e3", ".",
        ] {
            assert_eq!(parse_amount_cents(typed), None, "{typed}");
        }
    }

    #[test]
    fn a_total_with_parts_becomes_one_line_per_category_and_the_rest() {
        let parts = vec![("dolci".to_owned(), 300), ("vini".to_owned(), 0)];
        let lines = split_purchase(800, &parts).unwrap();
        assert_eq!(
            lines,
            vec![
                Line {
                    amount_cents: 300,
                    category: Some("dolci".into())
                },
                Line {
                    amount_cents: 500,
                    category: None
                },
            ]
        );
        assert_eq!(split_purchase(300, &parts).unwrap().len(), 1);
        assert_eq!(split_purchase(250, &parts), None);
        assert_eq!(
            split_purchase(450, &[]),
            Some(vec![Line {
                amount_cents: 450,
                category: None
            }])
        );
    }
}

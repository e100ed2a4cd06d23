//! Three-valued truth (Kleene logic): what the evaluator knows, does not hold, or cannot decide.

/// Whether something holds: known true, known false, or undecided (and why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tri {
    /// Known to hold.
    True,
    /// Known not to hold.
    False,
    /// Cannot be decided from what the request says; the text says why.
    Unknown(String),
}

impl Tri {
    /// `true` → `True`, `false` → `False`.
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }

    /// Known true.
    pub fn is_true(&self) -> bool {
        matches!(self, Tri::True)
    }

    /// Known false.
    pub fn is_false(&self) -> bool {
        matches!(self, Tri::False)
    }

    /// Kleene negation: undecided stays undecided.
    #[must_use]
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            u @ Tri::Unknown(_) => u,
        }
    }

    /// Kleene conjunction: false wins, then undecided (the first reason is kept).
    #[must_use]
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (u @ Tri::Unknown(_), _) | (_, u @ Tri::Unknown(_)) => u,
            _ => Tri::True,
        }
    }

    /// Kleene disjunction: true wins, then undecided (the first reason is kept).
    #[must_use]
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (u @ Tri::Unknown(_), _) | (_, u @ Tri::Unknown(_)) => u,
            _ => Tri::False,
        }
    }

    /// The disjunction of many: true as soon as one is true.
    pub fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut out = Tri::False;
        for t in items {
            out = out.or(t);
            if out.is_true() {
                break;
            }
        }
        out
    }

    /// The conjunction of many: false as soon as one is false.
    pub fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut out = Tri::True;
        for t in items {
            out = out.and(t);
            if out.is_false() {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Tri;

    fn u() -> Tri {
        Tri::Unknown("u".into())
    }

    #[test]
    fn kleene_tables() {
        // (a, b, a∧b, a∨b)
        let rows = [
            (Tri::True, Tri::True, Tri::True, Tri::True),
            (Tri::True, Tri::False, Tri::False, Tri::True),
            (Tri::True, u(), u(), Tri::True),
            (Tri::False, u(), Tri::False, u()),
            (Tri::False, Tri::False, Tri::False, Tri::False),
            (u(), u(), u(), u()),
        ];
        for (a, b, and, or) in rows {
            assert_eq!(a.clone().and(b.clone()), and, "{a:?} ∧ {b:?}");
            assert_eq!(b.clone().and(a.clone()), and, "{b:?} ∧ {a:?}");
            assert_eq!(a.clone().or(b.clone()), or, "{a:?} ∨ {b:?}");
            assert_eq!(b.clone().or(a.clone()), or, "{b:?} ∨ {a:?}");
        }
        assert_eq!(u().negate(), u());
        assert_eq!(Tri::True.negate(), Tri::False);
        assert_eq!(Tri::any([]), Tri::False);
        assert_eq!(Tri::all([]), Tri::True);
        assert_eq!(Tri::any([Tri::False, u(), Tri::True]), Tri::True);
        assert_eq!(Tri::all([Tri::True, u(), Tri::False]), Tri::False);
    }
}

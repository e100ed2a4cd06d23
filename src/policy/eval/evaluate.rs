//! IAM's decision for one request over every document on its path: an explicit deny anywhere
//! wins; the SCPs of each level of the principal's organisation must allow, and the VPC endpoint
//! policy when there is one; within one account an identity-based or a resource-based policy
//! allows (how far a resource-based grant reaches past a boundary or session policy depends on
//! whom it names); across accounts both sides must; a service principal is judged by the
//! resource's policies. Everything in three values, so what cannot be decided stays undecided.

use std::sync::Arc;

use crate::policy::eval::decision::{Decision, DocKind, Gap, StatementRef, Unsure, Verdict};
use crate::policy::eval::documents::{Doc, DocumentSet};
use crate::policy::eval::policy::{Effect, Place};
use crate::policy::eval::principal::{MatchKind, Principal};
use crate::policy::eval::request::Request;
use crate::policy::eval::tri::Tri;

/// What the statements of one or more documents say.
#[derive(Debug)]
struct Scan {
    allow: Tri,
    deny: Tri,
    /// For resource-based documents: allowed by a statement naming the principal this way
    /// (indexed by `MatchKind as usize`: account, parent, everyone, itself).
    by_kind: [Tri; 4],
}

impl Scan {
    fn new() -> Scan {
        Scan {
            allow: Tri::False,
            deny: Tri::False,
            by_kind: [Tri::False, Tri::False, Tri::False, Tri::False],
        }
    }

    fn kind(&self, k: MatchKind) -> Tri {
        self.by_kind[k as usize].clone()
    }

    fn merge(&mut self, other: Scan) {
        self.allow = std::mem::replace(&mut self.allow, Tri::False).or(other.allow);
        self.deny = std::mem::replace(&mut self.deny, Tri::False).or(other.deny);
        for (mine, theirs) in self.by_kind.iter_mut().zip(other.by_kind) {
            *mine = std::mem::replace(mine, Tri::False).or(theirs);
        }
    }
}

/// The statements collected on the way.
#[derive(Debug, Default)]
struct Notes {
    allows: Vec<StatementRef>,
    denies: Vec<StatementRef>,
    unsure: Vec<Unsure>,
}

const KINDS: [MatchKind; 4] = [
    MatchKind::Account,
    MatchKind::Parent,
    MatchKind::Everyone,
    MatchKind::Itself,
];

fn scan(
    doc: &Doc,
    kind: DocKind,
    level: Option<&Arc<str>>,
    req: &Request,
    boundary: bool,
    notes: &mut Notes,
) -> Scan {
    let place = match kind {
        DocKind::Identity | DocKind::Boundary | DocKind::Session | DocKind::Scp => Place::Identity,
        DocKind::Rcp
        | DocKind::Repository
        | DocKind::Registry
        | DocKind::Endpoint
        | DocKind::Trust => Place::Resource,
    };
    let mut out = Scan::new();
    for st in &doc.policy.statements {
        let a = st.apply(req, place, boundary);
        if a.applies.is_false() {
            continue;
        }
        let at = || StatementRef {
            kind,
            document: Arc::clone(&doc.label),
            level: level.cloned(),
            index: st.index,
            sid: st.sid.clone(),
        };
        if let Tri::Unknown(r) = &a.applies {
            notes.unsure.push(Unsure {
                at: at(),
                reason: r.clone(),
            });
        }
        let t = a.applies.clone();
        match a.effect {
            Some(Effect::Deny) => {
                if t.is_true() {
                    notes.denies.push(at());
                }
                out.deny = std::mem::replace(&mut out.deny, Tri::False).or(t);
            }
            Some(Effect::Allow) => {
                if t.is_true() {
                    notes.allows.push(at());
                }
                match a.kind {
                    Some(k) => {
                        let slot = &mut out.by_kind[k as usize];
                        *slot = std::mem::replace(slot, Tri::False).or(t.clone());
                    }
                    // The principal element itself is undecided: any kind might hold.
                    None if place == Place::Resource && !t.is_true() => {
                        for k in KINDS {
                            let slot = &mut out.by_kind[k as usize];
                            *slot = std::mem::replace(slot, Tri::False).or(t.clone());
                        }
                    }
                    None => {}
                }
                out.allow = std::mem::replace(&mut out.allow, Tri::False).or(t);
            }
            // An Effect that cannot be read: it may allow or deny.
            None => {
                out.deny = std::mem::replace(&mut out.deny, Tri::False).or(t.clone());
                out.allow = std::mem::replace(&mut out.allow, Tri::False).or(t.clone());
                for slot in &mut out.by_kind {
                    *slot = std::mem::replace(slot, Tri::False).or(t.clone());
                }
            }
        }
    }
    out
}

/// The evaluation of one request under way.
struct Judge<'a> {
    docs: &'a DocumentSet,
    req: &'a Request,
    /// The principal has a permissions boundary.
    boundary: bool,
    notes: Notes,
    gaps: Vec<Gap>,
    denied: Tri,
}

/// The principal's side: identity-based policies, boundary, session policy.
struct PrincipalSide {
    id: Tri,
    pb: Tri,
    sp: Tri,
}

impl Judge<'_> {
    fn scan(&mut self, doc: &Doc, kind: DocKind, level: Option<&Arc<str>>) -> Scan {
        let s = scan(doc, kind, level, self.req, self.boundary, &mut self.notes);
        self.denied = std::mem::replace(&mut self.denied, Tri::False).or(s.deny.clone());
        s
    }

    /// None of it exists for a service principal; the root user has no identity-based policies
    /// and full access within its account. A federated user session without a session policy
    /// has no permissions (IAM, "Policy evaluation logic": session policies).
    fn principal_side(&mut self) -> PrincipalSide {
        let p = self.req.principal();
        let mut side = PrincipalSide {
            id: Tri::False,
            pb: Tri::True,
            sp: Tri::True,
        };
        match p {
            Principal::Service { .. } | Principal::WebIdentity { .. } => return side,
            Principal::Root { .. } => {
                side.id = Tri::True;
                return side;
            }
            _ => {}
        }
        let docs = self.docs;
        for d in &docs.identity {
            let s = self.scan(d, DocKind::Identity, None);
            side.id = std::mem::replace(&mut side.id, Tri::False).or(s.allow);
        }
        if let Some(d) = &docs.boundary {
            side.pb = self.scan(d, DocKind::Boundary, None).allow;
        }
        match &docs.session {
            Some(d) => side.sp = self.scan(d, DocKind::Session, None).allow,
            None if matches!(p, Principal::FederatedUser { .. }) => side.sp = Tri::False,
            None => {}
        }
        side
    }

    /// Every SCP level of the principal's organisation must allow (not for a service or a web
    /// identity, which belong to none).
    fn scps(&mut self) -> Tri {
        let mut all = Tri::True;
        if self.req.principal().resource_policy_only() {
            return all;
        }
        let docs = self.docs;
        for level in &docs.scps {
            let mut s = Scan::new();
            for d in &level.policies {
                s.merge(self.scan(d, DocKind::Scp, Some(&level.label)));
            }
            if s.allow.is_false() {
                self.gaps.push(Gap::Scp {
                    level: Arc::clone(&level.label),
                });
            }
            all = all.and(s.allow);
        }
        all
    }

    /// RCPs deny only: `RCPFullAWSAccess` allows at every level and cannot be detached.
    fn rcps(&mut self) {
        let docs = self.docs;
        for level in &docs.rcps {
            for d in &level.policies {
                self.scan(d, DocKind::Rcp, Some(&level.label));
            }
        }
    }

    /// The resource's policies that apply: the repository policy (not for an action without a
    /// resource type, which acts on no repository), the registry policy (by its scope), and for
    /// an STS request on a role, the role's trust policy.
    fn resource_side(&mut self) -> (Scan, Vec<DocKind>) {
        let (docs, req) = (self.docs, self.req);
        let ecr = req.action_lower().starts_with("ecr:");
        let mut res = Scan::new();
        let mut consulted = Vec::new();
        if let Some(d) = docs
            .repository
            .as_ref()
            .filter(|_| ecr && !req.is_star_only())
        {
            consulted.push(DocKind::Repository);
            res.merge(self.scan(d, DocKind::Repository, None));
        }
        if let Some(d) = docs
            .registry
            .as_ref()
            .filter(|_| docs.registry_applies(req.action_lower()))
        {
            consulted.push(DocKind::Registry);
            res.merge(self.scan(d, DocKind::Registry, None));
        }
        let on_role = req.action_lower().starts_with("sts:")
            && crate::policy::eval::arn::split_arn(req.resource())
                .is_some_and(|p| p.service == "iam" && p.resource.starts_with("role/"));
        if let Some(d) = docs.trust.as_ref().filter(|_| on_role) {
            consulted.push(DocKind::Trust);
            res.merge(self.scan(d, DocKind::Trust, None));
        }
        (res, consulted)
    }

    /// The VPC endpoint policy, when the request goes through an endpoint that has one.
    fn endpoint(&mut self) -> Tri {
        let Some(d) = &self.docs.endpoint else {
            return Tri::True;
        };
        let allow = self.scan(d, DocKind::Endpoint, None).allow;
        if allow.is_false() {
            self.gaps.push(Gap::Endpoint);
        }
        allow
    }

    /// Whether the identity-based and resource-based policies together allow the request.
    fn core(&mut self, side: &PrincipalSide, res: &Scan, consulted: &[DocKind]) -> Tri {
        let service = self.req.principal().resource_policy_only();
        let same = self.req.same_account();
        let itself = res.kind(MatchKind::Itself);
        let everyone = res.kind(MatchKind::Everyone);
        let parent = res.kind(MatchKind::Parent);
        let account = res.kind(MatchKind::Account);
        let no_resource_allow = |cross_account| Gap::NoResourceAllow {
            consulted: consulted.to_vec(),
            cross_account,
            service,
        };
        if service {
            let t = itself.or(everyone);
            if t.is_false() {
                self.gaps.push(no_resource_allow(false));
            }
            return t;
        }
        let PrincipalSide { id, pb, sp } = side;
        let id_side = id.clone().and(pb.clone()).and(sp.clone());
        let t = if same {
            // Within one account (IAM, "Policy evaluation logic"): a grant to the user or the
            // session itself is not limited by an implicit deny in the identity-based policies,
            // the boundary or the session policy; a grant to everyone escapes the boundary but
            // not the session policy (Chosen, as iam-simulate); a grant to the role or to the
            // user behind a federated session is limited by both; a grant to the account is a
            // delegation to the identity-based policies.
            id_side
                .clone()
                .or(itself.clone())
                .or(everyone.clone().and(sp.clone()))
                .or(parent.clone().and(pb.clone()).and(sp.clone()))
        } else {
            id_side.clone().and(
                itself
                    .clone()
                    .or(everyone.clone())
                    .or(parent.clone())
                    .or(account.clone()),
            )
        };
        if t.is_false() {
            if id.is_false() {
                self.gaps.push(Gap::NoIdentityAllow);
            } else if pb.is_false() {
                self.gaps.push(Gap::Boundary);
            } else if sp.is_false() && self.docs.session.is_none() {
                self.gaps.push(Gap::NoSessionPolicy);
            } else if sp.is_false() {
                self.gaps.push(Gap::SessionPolicy);
            }
            let named = itself.or(everyone).or(parent);
            let resource_allows = if same {
                named
            } else {
                named.or(account.clone())
            };
            if resource_allows.is_false() {
                if same && account.is_true() {
                    self.gaps.push(Gap::AccountOnly);
                } else if !same || id_side.is_false() {
                    self.gaps.push(no_resource_allow(!same));
                }
            }
        }
        t
    }
}

/// Judges one request against a set of documents.
pub fn evaluate(docs: &DocumentSet, req: &Request) -> Decision {
    let p = req.principal();
    let mut j = Judge {
        docs,
        req,
        boundary: docs.boundary.is_some()
            && !p.resource_policy_only()
            && !matches!(p, Principal::Root { .. }),
        notes: Notes::default(),
        gaps: Vec::new(),
        denied: Tri::False,
    };
    let side = j.principal_side();
    let scp = j.scps();
    j.rcps();
    let (res, consulted) = j.resource_side();
    let endpoint = j.endpoint();
    let core = j.core(&side, &res, &consulted);
    let allowed = core.and(scp).and(endpoint);
    let verdict = match (&j.denied, &allowed) {
        (Tri::True, _) => Verdict::ExplicitDeny,
        (_, Tri::False) => Verdict::ImplicitDeny,
        (Tri::False, Tri::True) => Verdict::Allowed,
        _ => Verdict::Undecided,
    };
    if verdict != Verdict::ImplicitDeny {
        j.gaps.clear();
    }
    Decision {
        verdict,
        same_account: req.same_account(),
        allows: j.notes.allows,
        denies: j.notes.denies,
        gaps: j.gaps,
        unsure: j.notes.unsure,
    }
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;

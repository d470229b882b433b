"""The engagement checker: applies the rule data to an engagement, as of its dates.

No legal conclusion is written here: every outcome comes from a prohibition, an
exemption, a designation or a stated uncertainty in the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import __version__
from .designation_status import STATE_RANK, CounterpartScreen, ListStatus, list_status
from .engagement_io import unknown_facts
from .models.common import Outcome
from .models.engagement import Activity, Engagement
from .models.result import (
    ActivityOut,
    Citation,
    Component,
    ConnectionOut,
    CounterpartOut,
    ExemptionConsidered,
    Exposure,
    Finding,
    JurisdictionOut,
    LicenceRouteOut,
    ListProvenance,
    MatchOut,
    Provenance,
    Result,
)
from .models.rules import Exemption, Prohibition, ReachClause
from .predicates import describe, evaluate
from .ruleset import Jurisdiction, RuleSet
from .screening import Screener, normalise_name

NOTICE = (
    "This memo was produced by legalcheck from encoded rules and designation lists. It is not legal advice. "
    "It may be incomplete or out of date; a qualified lawyer must review it before anyone relies on it."
)


@dataclass
class Reach:
    who: list[str] = field(default_factory=list)
    arguable: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.who or self.arguable)


class Checker:
    """Evaluates one engagement against a rule set."""

    def __init__(self, rules: RuleSet, screener: Screener | None = None) -> None:
        self.rules = rules
        self.screener = screener or rules.screener()

    # ------------------------------------------------------------------ entry point
    def check(self, eng: Engagement, as_of: dt.date | None = None, input_sha256: str | None = None) -> Result:
        base_day = as_of or eng.date
        screens = {
            c.id: CounterpartScreen(c.id, c.name, self.screener.screen(c.name, c.aliases)) for c in eng.counterparts
        }
        findings: list[Finding] = []
        activities: list[ActivityOut] = []
        j_connections: dict[str, list[str]] = {}
        j_activities: dict[str, list[str]] = {}
        j_seen: dict[str, set[str]] = {}
        assumptions = self._assumptions(eng, as_of)
        for act in eng.activities:
            day = as_of or act.date or eng.date
            purpose = (act.purpose or eng.purpose).value
            act_findings = []
            for jur in self.rules.ordered_jurisdictions():
                conns = self._connections(eng, act, jur, day, screens)
                f = self._finding(eng, act, jur, day, purpose, screens, conns)
                code = jur.meta.code
                if f.outcome != Outcome.not_applicable or f.components:
                    j_activities.setdefault(code, []).append(act.id)
                seen = j_seen.setdefault(code, set())
                for c in conns:
                    label = f"{c.description} (activity {act.id})"
                    if label not in seen:
                        seen.add(label)
                        j_connections.setdefault(code, []).append(label)
                act_findings.append(f)
            findings.extend(act_findings)
            worst = Outcome.strictest([f.outcome for f in act_findings], Outcome.not_applicable)
            kind = self.rules.activity_kinds[act.kind]
            activities.append(
                ActivityOut(
                    id=act.id,
                    kind=act.kind,
                    label=kind.label,
                    description=act.description,
                    date=day,
                    purpose=purpose,
                    performed_by=self._performer_nationalities(eng, act),
                    counterparts=[c.id for c in self._counterparts(eng, act)],
                    outcome=worst,
                    strictest_jurisdictions=[f.jurisdiction for f in act_findings if f.outcome == worst],
                )
            )
        jurisdictions = [
            JurisdictionOut(
                code=j.meta.code,
                name=j.meta.name,
                applies=bool(j_connections.get(j.meta.code)),
                connections=j_connections.get(j.meta.code, []),
                activities=j_activities.get(j.meta.code, []),
            )
            for j in self.rules.ordered_jurisdictions()
        ]
        return Result(
            title=eng.title,
            as_of=base_day,
            provenance=Provenance(
                tool_version=__version__,
                rules_sha256=self.rules.sha256,
                input_sha256=input_sha256,
                as_of=base_day,
                as_of_overridden=as_of is not None,
                screening_threshold=self.screener.threshold,
                screening_review_threshold=self.screener.review_threshold,
                lists=[
                    ListProvenance(id=lst.id, title=lst.title, as_of=lst.as_of, entries=len(lst.entries))
                    for lst in sorted(self.rules.lists.values(), key=lambda x: x.id)
                ],
            ),
            assumptions=assumptions,
            counterparts=[self._counterpart_out(screens[c.id], base_day) for c in eng.counterparts],
            jurisdictions=jurisdictions,
            activities=activities,
            findings=findings,
            # rule-data warnings (review dates, list age) depend on the clock: `legalcheck validate` reports them;
            # a result depends only on its inputs
            warnings=unknown_facts(eng, self.rules),
            notice=NOTICE,
        )

    # ------------------------------------------------------------------ helpers
    def _assumptions(self, eng: Engagement, as_of: dt.date | None) -> list[str]:
        out = [
            "The facts are as stated in the engagement file; legalcheck has not verified them.",
            "Each activity is performed by the staff nationalities listed in its 'performed_by' or, where none are "
            "given, by every staff nationality listed for the organisation.",
            "The funders listed are all the funders of this engagement.",
        ]
        if as_of is not None:
            out.append(f"All activities are assessed as of {as_of.isoformat()} (--as-of), not their own dates.")
        org = eng.organisation
        for flag, label in (
            ("un_plan_participant", "takes part in a UN response plan, appeal or OCHA cluster"),
            ("ga_observer", "holds UN General Assembly observer status"),
            ("eu_certified_partner", "is an EU-certified humanitarian partner"),
        ):
            if getattr(org, flag) is None:
                out.append(
                    f"Not stated whether the organisation {label}; exemptions that depend on it are "
                    "treated as uncertain."
                )
        if not eng.counterparts:
            out.append("No counterpart group is named; activities that deal with a group cannot be screened.")
        return out

    def _counterparts(self, eng: Engagement, act: Activity) -> list:  # type: ignore[type-arg]
        ids = act.counterpart_ids()
        if ids is None:
            return list(eng.counterparts)
        return [c for c in eng.counterparts if c.id in ids]

    def _performer_nationalities(self, eng: Engagement, act: Activity) -> list[str]:
        if act.performed_by:
            return sorted(set(act.performed_by))
        return sorted({s.nationality for s in eng.organisation.staff})

    def _performer_residences(self, eng: Engagement, act: Activity) -> list[str]:
        nats = set(self._performer_nationalities(eng, act))
        return sorted({s.residence for s in eng.organisation.staff if s.residence and s.nationality in nats})

    def _counterpart_out(self, cs: CounterpartScreen, day: dt.date) -> CounterpartOut:
        matches = [
            MatchOut(
                list=m.list_id,
                designation=m.designation.name,
                entry_id=m.designation.id,
                matched_name=m.matched_name,
                score=round(m.score, 3),
                match=m.match,
                in_force=m.designation.in_force(day),
                listed_from=m.designation.listed_from,
                listed_to=m.designation.listed_to,
                reference=m.designation.reference,
                covers=m.designation.covers,
                scope_note=m.designation.scope_note,
                explanation=m.explanation,
            )
            for m in cs.matches
        ]
        in_force = [m for m in cs.strong if m.designation.in_force(day)]
        if in_force:
            status = "designated"
            lists = sorted({m.list_id for m in in_force})
            summary = f"Designated on {day.isoformat()} on: {', '.join(lists)}."
        elif cs.known:
            status = "not_designated"
            summary = (
                f"Identified on designation lists, but no listing is in force on {day.isoformat()} "
                "(delisted, or listed later)."
            )
        elif cs.grey:
            status = "ambiguous"
            summary = (
                "Possible matches below the match threshold: a person must decide whether they are the same group."
            )
        else:
            status = "unknown"
            summary = (
                "Matched nothing on the lists legalcheck holds. This does not show the group is undesignated: "
                "activities that would be prohibited if it were designated are marked needs_review."
            )
        return CounterpartOut(
            id=cs.id, name=cs.name, status=status, summary=summary, entities=sorted(cs.entities), matches=matches
        )

    def _countries(self, codes: list[str], jur: Jurisdiction, day: dt.date) -> set[str]:
        return self.rules.expand(codes or jur.meta.countries, day)

    def _connections(
        self, eng: Engagement, act: Activity, jur: Jurisdiction, day: dt.date, screens: dict[str, CounterpartScreen]
    ) -> list[ConnectionOut]:
        out: list[ConnectionOut] = []
        org = eng.organisation
        for c in jur.meta.connections:
            countries = self._countries(c.countries, jur, day)
            if c.basis == "incorporation" and org.incorporated_in in countries:
                out.append(
                    ConnectionOut(
                        basis=c.basis,
                        strength="established",
                        description=f"organisation incorporated in {org.incorporated_in}",
                    )
                )
            elif c.basis == "nationality":
                for n in self._performer_nationalities(eng, act):
                    if n in countries:
                        out.append(
                            ConnectionOut(basis=c.basis, strength="established", description=f"staff nationality {n}")
                        )
            elif c.basis == "residence":
                for r in self._performer_residences(eng, act):
                    if r in countries:
                        out.append(
                            ConnectionOut(basis=c.basis, strength="established", description=f"staff resident in {r}")
                        )
            elif c.basis == "territory" and eng.location.country in countries:
                out.append(
                    ConnectionOut(
                        basis=c.basis,
                        strength="established",
                        description=f"activity takes place in {eng.location.country}",
                    )
                )
            elif c.basis == "government_funding":
                kinds = {k.value for k in c.funder_kinds}
                for f in eng.funders:
                    if f.kind.value in kinds and (
                        f.country in countries or (f.country == "EU" and "@EU" in (c.countries or jur.meta.countries))
                    ):
                        out.append(
                            ConnectionOut(
                                basis=c.basis, strength="established", description=f"funded by {f.name} ({f.country})"
                            )
                        )
            elif c.basis == "counterpart_listed":
                for cp in self._counterparts(eng, act):
                    st = self._best_status(screens[cp.id], c.lists, day)
                    if st.state == "designated":
                        out.append(
                            ConnectionOut(
                                basis=c.basis,
                                strength="established",
                                description=f"counterpart {cp.name} is listed by the Security Council",
                            )
                        )
                    elif st.state in {"partial", "unverified", "ambiguous", "unknown"}:
                        out.append(
                            ConnectionOut(
                                basis=c.basis,
                                strength="possible",
                                description=f"counterpart {cp.name} may be listed by the Security "
                                "Council (not identified with certainty)",
                            )
                        )
        return out

    def _best_status(self, cs: CounterpartScreen, lists: list[str], day: dt.date) -> ListStatus:
        best: ListStatus | None = None
        for lid in lists:
            lst = self.rules.lists.get(lid)
            st = list_status(cs, lid, lst.entries if lst else [], day)
            if best is None or STATE_RANK[st.state] > STATE_RANK[best.state]:
                best = st
        assert best is not None
        return best

    def _reach(self, clause: ReachClause, eng: Engagement, act: Activity, jur: Jurisdiction, day: dt.date) -> list[str]:
        countries = self._countries(clause.countries, jur, day)
        org = eng.organisation
        if clause.basis == "nationality":
            return [f"staff of nationality {n}" for n in self._performer_nationalities(eng, act) if n in countries]
        if clause.basis == "residence":
            return [f"staff resident in {r}" for r in self._performer_residences(eng, act) if r in countries]
        if clause.basis == "incorporation":
            return (
                [f"the organisation (incorporated in {org.incorporated_in})"]
                if org.incorporated_in in countries
                else []
            )
        if clause.basis == "territory":
            if eng.location.country in countries:
                return [f"anyone acting in {eng.location.country} (the organisation and its staff)"]
            return []
        if clause.basis == "government_funding":
            eu = "@EU" in (clause.countries or jur.meta.countries)
            return [
                f"the organisation (funded by {f.name})"
                for f in eng.funders
                if f.kind.value in {"government", "eu_institution"}
                and (f.country in countries or (eu and f.country == "EU"))
            ]
        if clause.basis == "any_person":
            return ["any person involved (the organisation and its staff, whatever their nationality)"]
        return []

    # ------------------------------------------------------------------ a finding
    def _finding(
        self,
        eng: Engagement,
        act: Activity,
        jur: Jurisdiction,
        day: dt.date,
        purpose: str,
        screens: dict[str, CounterpartScreen],
        conns: list[ConnectionOut],
    ) -> Finding:
        code = jur.meta.code

        def bare(outcome: Outcome, summary: str) -> Finding:
            return Finding(activity=act.id, activity_kind=act.kind, date=day, jurisdiction=code, outcome=outcome,
                           layers={}, components=[], summary=summary)

        if not conns:
            return bare(Outcome.not_applicable, f"{jur.meta.name} law does not reach this activity: no incorporation, "
                        "staff nationality, place, government funding or listing connects it.")
        rules = [p for p in jur.prohibitions if act.kind in p.activity_kinds and p.in_force.contains(day)]
        if not rules:
            return bare(Outcome.permitted, f"No provision of {jur.meta.name} law encoded in legalcheck covers "
                        f"'{self.rules.activity_kinds[act.kind].label}' on {day.isoformat()}.")
        comps = [self._component(p, eng, act, jur, day, purpose, screens) for p in rules]
        outcome = Outcome.strictest([c.outcome for c in comps], Outcome.permitted)
        layers: dict[str, Outcome] = {}
        for c in comps:
            cur = layers.get(c.layer)
            layers[c.layer] = c.outcome if cur is None else Outcome.strictest([cur, c.outcome], c.outcome)
        exposed = [c for c in comps if c.outcome in (Outcome.prohibited, Outcome.needs_review) and c.exposure]
        exposure = None
        if exposed:
            who: list[str] = []
            pens: list[str] = []
            for c in exposed:
                assert c.exposure is not None
                for w in c.exposure.who:
                    if w not in who:
                        who.append(w)
                pen = f"{c.citation.citation} {', '.join(c.provisions)}: {c.exposure.max_penalty}"
                if pen not in pens:
                    pens.append(pen)
            exposure = Exposure(
                who=who, max_penalty=exposed[0].exposure.max_penalty if exposed[0].exposure else None, penalties=pens
            )
        questions: list[str] = []
        for c in comps:
            for q in c.questions:
                if q not in questions:
                    questions.append(q)
        changes: list[str] = []
        for c in comps:
            if c.outcome not in (Outcome.prohibited, Outcome.needs_review):
                continue
            for e in c.exemptions_considered:
                if e.result in ("does_not_apply", "unknown"):
                    txt = f"{c.rule}: {e.title} ({', '.join(e.provisions)}) would apply if: {e.reason}"
                    if txt not in changes:
                        changes.append(txt)
            for lr in c.licence_routes:
                txt = f"{c.rule}: {lr.title} — {lr.authority}: {lr.how}"
                if txt not in changes:
                    changes.append(txt)
        worst = [c for c in comps if c.outcome == outcome]
        summary = "; ".join(f"{c.layer} ({c.rule}): {c.outcome.value}" for c in comps)
        if worst:
            summary = f"{outcome.value} — " + summary
        return Finding(
            activity=act.id,
            activity_kind=act.kind,
            date=day,
            jurisdiction=code,
            outcome=outcome,
            layers=layers,
            summary=summary,
            components=comps,
            exposure=exposure,
            questions=questions,
            what_would_change=changes,
        )

    # ------------------------------------------------------------------ a component
    def _component(
        self,
        p: Prohibition,
        eng: Engagement,
        act: Activity,
        jur: Jurisdiction,
        day: dt.date,
        purpose: str,
        screens: dict[str, CounterpartScreen],
    ) -> Component:
        inst = jur.instruments.get(p.instrument) or self.rules.instrument(p.instrument)
        reasons: list[str] = []
        questions: list[str] = []
        assumptions: list[str] = []
        facts_used: dict[str, str] = {"activity kind": act.kind, "date": day.isoformat(), "purpose": purpose}
        citation = Citation(instrument=inst.id, citation=inst.citation, provisions=p.provisions, url=inst.url)
        base = dict(
            layer=p.layer.value,
            rule=p.id,
            title=p.title,
            provisions=p.provisions,
            citation=citation,
            sources=[s.url for s in p.sources],
            mental_element=p.mental_element,
            verified=p.verified,
            last_reviewed=p.last_reviewed,
            licence_routes=[
                LicenceRouteOut(id=r.id, title=r.title, authority=r.authority, how=r.how, url=r.url)
                for r in p.licence_routes
                if r.in_force.contains(day) and (r.kinds is None or act.kind in r.kinds)
            ],
        )

        def settled(outcome: Outcome, explanation: str, trigger: str | None = None,
                    reached: list[str] | None = None) -> Component:
            """A component decided before any exemption is looked at (not reached, or not engaged)."""
            return Component(**base, outcome=outcome, facts_used=facts_used, trigger=trigger, reached=reached or [],
                             exemptions_considered=[], reasons=[], questions=[],
                             assumptions=[a for a in assumptions if a], explanation=explanation)

        # 1. reach
        reach = Reach()
        for clause in p.reach:
            hits = self._reach(clause, eng, act, jur, day)
            for h in hits:
                label = f"{h} — {clause.description}" + (f" ({clause.provision})" if clause.provision else "")
                (reach.who if clause.strength == "established" else reach.arguable).append(label)
        facts_used["performed by"] = ", ".join(self._performer_nationalities(eng, act)) or "(no staff listed)"
        facts_used["organisation incorporated in"] = eng.organisation.incorporated_in
        facts_used["place"] = eng.location.country + (f" ({eng.location.area})" if eng.location.area else "")
        if not reach.any:
            return settled(Outcome.not_applicable, "Does not reach the persons carrying out this activity; it binds: "
                           + "; ".join(c.description for c in p.reach) + ".")
        uncertain = False
        if not reach.who:
            uncertain = True
            reasons.append("reach is arguable only: " + "; ".join(reach.arguable))

        # 2. trigger: designation lists
        trigger_text: str | None = None
        if p.designation_lists:
            cps = self._counterparts(eng, act)
            if not cps:
                uncertain = True
                trigger_text = "no counterpart is named for this activity, so it cannot be screened"
                reasons.append(trigger_text)
                questions.append("Which group is the counterpart of this activity?")
            else:
                statuses = [(cp, self._best_status(screens[cp.id], p.designation_lists, day)) for cp in cps]
                cp, st = max(statuses, key=lambda x: STATE_RANK[x[1].state])
                trigger_text = st.explanation
                facts_used["counterpart"] = cp.name
                if st.state == "not_listed":
                    return settled(Outcome.permitted, "Not engaged: it applies only to groups on "
                                   f"{', '.join(p.designation_lists)}; {st.explanation}.", trigger_text,
                                   reach.who + reach.arguable)
                if st.state != "designated":
                    uncertain = True
                    reasons.append(st.explanation)
                    if st.state == "unknown":
                        questions.append(
                            f"Is {cp.name} (or any group it belongs to) designated on "
                            f"{', '.join(p.designation_lists)}? Give its listed name or an alias."
                        )
                    else:
                        questions.append(f"Is {cp.name} the designated group (or the designated part of it)?")
        # 2b. trigger: designated areas
        if p.area_lists:
            st_text, state = self._area_status(p.area_lists, eng, day)
            trigger_text = st_text if trigger_text is None else trigger_text + "; " + st_text
            facts_used["area"] = eng.location.area or "(not stated)"
            if state == "no":
                return settled(Outcome.permitted, f"Not engaged: {st_text}.", trigger_text, reach.who + reach.arguable)
            if state == "maybe":
                uncertain = True
                reasons.append(st_text)
                questions.append("Exactly which area will staff enter or stay in?")

        # 3. conditions
        for cond in p.conditions:
            if cond.kinds is not None and act.kind not in cond.kinds:
                continue
            val = act.facts.get(cond.fact)
            fd = self.rules.facts.get(cond.fact)
            question = fd.question if fd else cond.fact
            if val is None:
                if cond.if_missing == "needs_review":
                    uncertain = True
                    reasons.append(f"fact needed: {question}")
                    questions.append(question)
                    continue
                assumptions.append(cond.assumption or "")
                met = cond.if_missing == "assume_met"
                facts_used[cond.fact] = f"{'met' if met else 'not met'}: {cond.describe()} (assumed)"
            else:
                met = cond.met(val)
                facts_used[cond.fact] = repr(val)
            if not met:
                return settled(Outcome.permitted, f"Not engaged: {cond.when_not_met}", trigger_text,
                               reach.who + reach.arguable)

        # 4. unsettled law and unverified rules
        for u in p.unsettled:
            if act.kind in u.kinds:
                uncertain = True
                reasons.append(f"unsettled: {u.reason}")
        if not p.verified:
            uncertain = True
            reasons.append(
                "this rule has not been verified against the primary text"
                + (": " + "; ".join(p.unverified_points) if p.unverified_points else "")
            )
        outcome = Outcome.needs_review if uncertain else Outcome.prohibited

        # 5. exemptions and general licences
        considered: list[ExemptionConsidered] = []
        best: Outcome | None = None
        for e in self._exemptions_for(p, jur):
            ec = self._exemption(e, eng, act, day, purpose)
            considered.append(ec)
            if ec.outcome is not None and (best is None or ec.outcome.severity < best.severity):
                best = ec.outcome
            for q in ec.questions:
                if q not in questions:
                    questions.append(q)
        if best is not None and best.severity < outcome.severity:
            outcome = best

        # 6. specific licences declared for the activity
        if act.licences and outcome in (Outcome.prohibited, Outcome.needs_review):
            routes = [
                r for r in p.licence_routes if r.in_force.contains(day) and (r.kinds is None or act.kind in r.kinds)
            ]
            matched = [
                (lic, r) for lic in act.licences for r in routes if any(w.casefold() in lic.casefold() for w in r.match)
            ]
            if matched:
                lic, r = matched[0]
                outcome = Outcome.licensed if r.effect == "licensed" else Outcome.exempt
                reasons.append(
                    f"specific licence declared: {lic!r} ({r.title}, {r.authority}); legalcheck has not "
                    "checked the licence, its scope, its dates or its conditions"
                )
            else:
                outcome = Outcome.needs_review
                reasons.append(
                    f"licence(s) declared ({', '.join(act.licences)}) do not identify a licence route "
                    f"for {p.title}; confirm whether they cover this activity"
                )
                questions.append(
                    f"Does the licence {', '.join(act.licences)} cover {p.title} ({', '.join(p.provisions)})?"
                )

        exposure = None
        if outcome in (Outcome.prohibited, Outcome.needs_review):
            exposure = Exposure(
                who=reach.who + [f"{a} (arguable)" for a in reach.arguable],
                max_penalty=p.penalty.summary,
                penalties=[p.penalty.summary],
            )
        explanation = self._explain(p, outcome, reasons, considered, trigger_text)
        return Component(
            **base,
            outcome=outcome,
            facts_used=facts_used,
            trigger=trigger_text,
            reached=reach.who + [f"{a} (arguable)" for a in reach.arguable],
            exemptions_considered=considered,
            reasons=reasons,
            questions=questions,
            assumptions=[a for a in assumptions if a],
            explanation=explanation,
            exposure=exposure,
        )

    def _exemptions_for(self, p: Prohibition, jur: Jurisdiction) -> list[Exemption]:
        own = [e for e in jur.exemptions if p.id in e.applies_to]
        others = [
            e for j in self.rules.jurisdictions.values() if j is not jur for e in j.exemptions if p.id in e.applies_to
        ]
        return own + others

    def _exemption(
        self, e: Exemption, eng: Engagement, act: Activity, day: dt.date, purpose: str
    ) -> ExemptionConsidered:
        try:
            url = self.rules.instrument(e.instrument).url
        except KeyError:
            url = e.sources[0].url
        common = dict(
            id=e.id,
            title=e.title,
            provisions=e.provisions,
            url=url,
            kind=e.kind,
            verified=e.verified,
            conditions=e.conditions,
        )
        if not e.in_force.contains(day):
            return ExemptionConsidered(
                **common, result="not_in_force", reason=f"not in force on {day.isoformat()} ({e.in_force.label()})"
            )
        if e.activity_kinds is not None and act.kind not in e.activity_kinds:
            return ExemptionConsidered(
                **common,
                result="not_for_this_activity",
                reason=f"does not cover '{self.rules.activity_kinds[act.kind].label}' "
                f"(covers: {', '.join(e.activity_kinds)})",
            )
        v = evaluate(e.qualifies, eng, act, purpose, self.rules.facts)
        if v.value is False:
            return ExemptionConsidered(
                **common,
                result="does_not_apply",
                reason=f"requires {describe(e.qualifies)}; here: " + "; ".join(v.reasons),
            )
        if v.value is None:
            return ExemptionConsidered(
                **common,
                result="unknown",
                outcome=Outcome.needs_review,
                questions=v.questions,
                reason=f"may apply if {describe(e.qualifies)}; missing: " + "; ".join(v.questions),
            )
        outcome = Outcome(e.effect)
        notes = []
        for u in e.unsettled:
            if act.kind in u.kinds:
                outcome = Outcome.needs_review
                notes.append(f"unsettled for this activity: {u.reason}")
        if not e.verified:
            outcome = Outcome.needs_review
            notes.append(
                "exemption not verified against the primary text"
                + (": " + "; ".join(e.unverified_points) if e.unverified_points else "")
            )
        reason = "applies: " + "; ".join(v.reasons) + (". " + " ".join(notes) if notes else "")
        return ExemptionConsidered(**common, result="applies", outcome=outcome, reason=reason)

    def _area_status(self, list_ids: list[str], eng: Engagement, day: dt.date) -> tuple[str, str]:
        """('yes'|'no'|'maybe') whether the activity place is on one of the area lists."""
        area = normalise_name(eng.location.area or "")
        same_country: list[str] = []
        for lid in list_ids:
            lst = self.rules.lists.get(lid)
            for d in lst.entries if lst else []:
                if d.area_country != eng.location.country or not d.in_force(day):
                    continue
                if d.area_whole_country:
                    return (
                        f"the whole of {eng.location.country} is designated on {lid} ({d.name}, from {d.listed_from})"
                    ), "yes"
                names = [normalise_name(n) for n in d.names() + d.weak_aliases]
                if area and any(n and (n in area or area in n) for n in names):
                    return f"{eng.location.area} is a designated area on {lid} ({d.name}, from {d.listed_from})", "yes"
                same_country.append(d.name)
        if same_country:
            return (
                f"areas of {eng.location.country} are designated ({', '.join(same_country)}); "
                f"whether '{eng.location.area or 'the place'}' is one of them must be checked"
            ), "maybe"
        return (f"no area of {eng.location.country} is designated on {', '.join(list_ids)} on {day.isoformat()}", "no")

    def _explain(
        self,
        p: Prohibition,
        outcome: Outcome,
        reasons: list[str],
        considered: list[ExemptionConsidered],
        trigger: str | None,
    ) -> str:
        parts = [p.summary.strip()]
        if trigger:
            parts.append(f"Designation: {trigger}.")
        applied = [e for e in considered if e.result == "applies"]
        if outcome in (Outcome.exempt, Outcome.licensed) and applied:
            e = min(applied, key=lambda x: x.outcome.severity if x.outcome else 9)
            parts.append(f"{outcome.value.capitalize()} under {e.title} ({', '.join(e.provisions)}).")
            if e.conditions:
                conds = (c if c.rstrip().endswith(".") else c + "." for c in e.conditions)
                parts.append("Conditions: " + " ".join(conds))
        elif outcome == Outcome.prohibited:
            parts.append(
                "No exemption or general licence applies."
                if considered
                else "No exemption or general licence is encoded for this provision."
            )
        if reasons and outcome != Outcome.prohibited:
            parts.append(
                "Needs review because: " + "; ".join(reasons) + "."
                if outcome == Outcome.needs_review
                else "Notes: " + "; ".join(reasons) + "."
            )
        return " ".join(parts)

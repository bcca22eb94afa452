"""The one kernel: every formula of the model, evaluated for a whole batch of offers at once.

The point assessment (with its moves sweep), the ranking over countries, the trade-off grid,
the optimiser and the Monte Carlo draws all call `evaluate`; nothing else in the code states a
formula of the model. Batches broadcast: levers (4, *B), summed measure effects (15, *B), and
country terms and parameters that are scalars, or arrays that broadcast against B (per-lever
ones with the lever axis first). docs/method.md gives the formulas in prose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .country import (  # noqa: F401  (re-exported: the kernel's inputs)
    ALTERNATIVE_FIELDS,
    CountryInputs,
    Terms,
    country_inputs,
    expand,
    lever_column,
    stack_countries,
    terms,
)
from .params import (
    ABSORB,
    BACKING,
    BONUS,
    CONTINUITY,
    COST,
    INTRUSION,
    LICENSING,
    MIS_EXP,
    MIS_KEEP,
    RELIEF,
    TR_EXP,
    TR_KEEP,
    Params,
)


def evaluate(levers: np.ndarray, agg: np.ndarray, t: Terms, p: Params, price: Any = 1.0) -> dict[str, np.ndarray]:
    """Every output of the model for a batch of offers.

    levers (4, *B) 0–100 (what we promise); agg (21, *B) the summed effects of each offer's
    measures (see `aggregate`); price (*B) relative to market. Returns per-lever "credited",
    "credibility", "fit", "under", "over" (4, *B), "dims" (6, *B), "items" (7, *B: the six
    weighted dimensions and the both-sides gate) and the rest (*B): "overall", "acceptance",
    "assurance", "alignment", "misuse", "transfer", "licensing", "margin", "concession",
    "effective_price", "burden", "advantage", "intrusion".

    One assessment evaluates ~440 offers, where numpy's fixed cost per call weighs as much as
    the arithmetic, so the work is done in few calls, in place, on arrays of the full batch
    shape (parameters drawn for a Monte Carlo broadcast along the last axis). A batch of a few
    offers is evaluated lean: the same ufuncs without out=, whose overlap checks cost more than
    an allocation on a four-element array. One offer alone, as the point assessment asks for
    it, is `scalar.evaluate_one`: the same formulas below on Python numbers.
    """
    nd = levers.ndim
    c = _columns(p, nd)
    shape = np.broadcast_shapes(levers.shape[1:], agg.shape[1:], t.shape, np.shape(price), c.shape)
    # In place on a batch; on a few offers a ufunc's out= costs more than the allocation it saves.
    ns = LEAN if math.prod((4,) + shape) <= _LEAN_SIZE else IN_PLACE
    return formulas(ns, levers, agg, t, p, c, price, shape)


def formulas(ns: Any, levers: Any, agg: Any, t: Any, p: Params, c: Any, price: Any, shape: tuple[int, ...]) -> dict[str, Any]:
    """The model's formulas, once, over a namespace `ns` of operations: numpy's ufuncs in place
    (IN_PLACE) or not (LEAN) on arrays, or `scalar.SCALAR` on Python numbers and short vectors
    (one offer). `ns.alloc(shape)` is an output buffer or None, `ns.empty` rows to fill."""
    mn, mx, add, sub, mul = ns.mn, ns.mx, ns.add, ns.sub, ns.mul
    full = (4,) + shape

    # What the counterpart credits of each promise: its credibility (trust, backing measures),
    # the measures' own credit, and, for security, net of the monitoring the exporter needs.
    cred = add(t.cred_const, agg[BACKING], out=ns.alloc(full))
    cred = mx(mn(cred, 1.0, out=cred), 0.0, out=cred)
    credited = mul(levers, cred)
    credited = add(credited, agg[BONUS], out=credited)
    credited = mn(credited, 100.0, out=credited)
    credited[0] -= agg[INTRUSION]
    credited[0] = mx(credited[0], 0.0, out=credited[0])
    under = sub(t.demand, credited)
    under = mx(under, 0.0, out=under)
    over = sub(levers, t.demand, out=ns.alloc(full))
    over = sub(over, agg[RELIEF], out=over)
    over = mx(over, 0.0, out=over)
    fit = mul(over, c.over_penalty)
    fit = add(fit, mul(under, p.under_penalty), out=fit)
    fit = sub(100.0, fit, out=fit)
    fit = mx(mn(fit, 100.0, out=fit), 0.0, out=fit)
    alignment = mul(fit, t.weight).sum(0)

    # Risks: exposure (capped), times the country's factor and the share the measures keep.
    risk = ns.empty((2,) + shape)
    risk[0] = add(levers[2], agg[MIS_EXP], out=risk[0])
    risk[1] = add(levers[3], agg[TR_EXP], out=risk[1])
    risk = mn(risk, 100.0, out=risk)
    risk = mul(risk, ns.exp(agg[MIS_KEEP : TR_KEEP + 1 : 2]), out=risk)
    risk[0] *= t.mis_factor
    risk[1] *= t.tr_factor
    risk = mn(risk, 100.0, out=risk)
    misuse, transfer = risk[0], risk[1]
    licensing = add(agg[LICENSING], t.lic_const, out=ns.alloc(shape))
    licensing = mx(mn(licensing, 100.0, out=licensing), 0.0, out=licensing)

    # Money, as shares of the contract value: what each promise and measure costs us, the margin.
    concession = mul(mul(levers, levers), c.concession).sum(0) + agg[COST]
    margin = 1.0 - (concession + t.fixed_cost) / price
    effective_price = mul(price, t.fin_keep)
    burden = mul(effective_price, t.burden_per_price)
    # Our edge over the alternative: offer value (alignment) plus the price gap, in points.
    advantage = sub(t.alt_const, mul(effective_price, t.price_points), out=ns.alloc(shape))
    advantage = add(advantage, alignment, out=advantage)
    advantage = mul(advantage, t.has_alternative, out=advantage)

    dims = ns.empty((6,) + shape)
    dims[0] = add(alignment, t.cx[0])
    dims[1] = add(add(mul(levers[3], t.abs_slope), agg[ABSORB]), t.abs_const)
    st = add(mul(credited[0], t.st_w_control), mul(licensing, t.st_w_licensing))
    st = sub(st, mul(misuse, p.st_misuse_penalty), out=st)
    st = sub(st, mul(transfer, p.st_transfer_penalty), out=st)
    dims[2] = add(st, t.st_const, out=st)
    dims[3] = add(add(mul(credited[1], t.cont_w_resilience), agg[CONTINUITY]), t.cont_const)
    dims[4] = add(mul(margin, t.comm_slope), t.comm_const)
    dims[5] = add(mul(advantage, p.comp_scale), t.comp_const)
    dims = mx(mn(dims, 100.0, out=dims), 0.0, out=dims)

    aw, sw = p.acc_weights, p.asr_weights
    acceptance = mul(alignment, aw[0])
    acceptance = add(acceptance, mul(dims[1], aw[1]), out=acceptance)
    acceptance = add(acceptance, mul(dims[3], aw[2]), out=acceptance)
    acceptance = add(acceptance, mul(advantage, t.acc_alt), out=acceptance)
    acceptance = sub(acceptance, mul(agg[INTRUSION], t.intrusion_weight), out=acceptance)
    unaffordable = mn(mx(burden - 1.0, 0.0), p.acc_afford_cap)  # burden is one number when the price is
    acceptance = sub(acceptance, mul(unaffordable, p.acc_afford_penalty), out=acceptance)
    # above market costs acceptance, below wins some
    acceptance = sub(acceptance, mul(effective_price - 1.0, t.acc_price), out=acceptance)
    acceptance = add(acceptance, t.acc_const, out=acceptance)
    acceptance = mx(mn(acceptance, 100.0, out=acceptance), 0.0, out=acceptance)

    margin_gap = sub(p.min_margin, margin)
    margin_gap = mx(margin_gap, 0.0, out=margin_gap)
    licence_gap = mx(sub(t.lic_required, licensing), 0.0)
    assurance = mul(licensing, sw[0])
    assurance = add(assurance, mul(dims[4], sw[1]), out=assurance)
    assurance = sub(assurance, mul(misuse, sw[2]), out=assurance)
    assurance = sub(assurance, mul(transfer, sw[3]), out=assurance)
    assurance = sub(assurance, mul(margin_gap, t.asr_margin), out=assurance)
    assurance = sub(assurance, mul(licence_gap, p.asr_licensing_penalty), out=assurance)
    assurance = add(assurance, t.asr_const, out=assurance)
    assurance = mx(mn(assurance, 100.0, out=assurance), 0.0, out=assurance)

    # Line items: each dimension's weighted points, then the both-sides gate (<= 0): a side
    # short of its threshold, a margin below the walk-away, a licence the package cannot support.
    points = mul(dims, c.dim_weights)
    subtotal = points.sum(0)
    # The sides' shortfall is the larger of the two (either side can sink a deal); the exporter's
    # hard limits add to it, so one of them cannot hide behind another.
    shortfall = sub(p.acceptance_threshold, acceptance)
    shortfall = mx(shortfall, sub(p.assurance_threshold, assurance), out=shortfall)
    shortfall = mx(shortfall, 0.0, out=shortfall)
    shortfall = add(shortfall, mul(margin_gap, t.gate_margin), out=shortfall)
    shortfall = add(shortfall, mul(licence_gap, p.gate_licensing_points), out=shortfall)
    shortfall = mul(shortfall, p.gate_rate, out=shortfall)
    gate = -mn(shortfall, subtotal, out=shortfall)
    items = ns.append(points, gate)
    return {
        "credited": credited,
        "credibility": cred,
        "fit": fit,
        "under": under,
        "over": over,
        "dims": dims,
        "items": items,
        "overall": add(subtotal, gate, out=subtotal),
        "acceptance": acceptance,
        "assurance": assurance,
        "alignment": alignment,
        "misuse": misuse,
        "transfer": transfer,
        "licensing": licensing,
        "margin": margin,
        "concession": concession,
        "effective_price": effective_price,
        "burden": burden,
        "advantage": advantage,
        "intrusion": agg[INTRUSION],
    }


def _lean(ufunc: np.ufunc) -> Any:
    def call(a: Any, b: Any, out: Any = None) -> Any:
        return ufunc(a, b)
    return call


class IN_PLACE:  # noqa: N801 - a namespace of the kernel's operations (see `formulas`)
    mn, mx, add, sub, mul = np.minimum, np.maximum, np.add, np.subtract, np.multiply
    alloc = empty = staticmethod(np.empty)
    exp = staticmethod(np.exp)

    @staticmethod
    def append(rows: np.ndarray, last: np.ndarray) -> np.ndarray:
        return np.concatenate([rows, last[None]])


class LEAN(IN_PLACE):  # noqa: N801 - the same ufuncs, out= ignored
    mn, mx, add, sub, mul = (staticmethod(_lean(u)) for u in (np.minimum, np.maximum, np.add, np.subtract, np.multiply))

    @staticmethod
    def alloc(shape: tuple[int, ...]) -> None:
        return None


_LEAN_SIZE = 64  # elements in a lever array (4, *B) at or below which the batch is evaluated lean


@dataclass(frozen=True, eq=False)
class _Columns:
    """Per-lever and per-dimension parameters shaped to broadcast against a batch of ndim axes."""

    over_penalty: np.ndarray
    concession: np.ndarray  # share of value per lever point squared
    dim_weights: np.ndarray
    shape: tuple[int, ...]  # the draws axis, when the parameters are drawn


def _columns(p: Params, ndim: int) -> _Columns:
    hit = p.cache.get(("columns", ndim))
    if hit is None:
        conc = lever_column(p.concession, ndim) / 10_000.0
        dw = lever_column(p.dim_weights, ndim)
        shape = ()
        if p.drawn:
            shape = (1,) * (ndim - 2) + (p.measure_matrix.shape[-1],)
        hit = p.cache[("columns", ndim)] = _Columns(lever_column(p.over_penalty, ndim), conc, dw, shape)
    return hit


def aggregate(chosen: np.ndarray, p: Params) -> np.ndarray:
    """The summed effects of chosen measures: (…, M) 0/1 -> (21, …); with drawn effects (M,) -> (21, N)."""
    m = p.measure_matrix
    if m.ndim == 3:
        return np.einsum("m,men->en", chosen, m)
    return np.moveaxis(chosen @ m, -1, 0)


def chosen_vector(measures: frozenset[str], p: Params) -> np.ndarray:
    """A measure set as a 0/1 vector in catalog order."""
    return np.array([1.0 if mid in measures else 0.0 for mid in p.measure_ids])

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// DefaultSymTol is the default tolerance of the symmetry analysis: two
// entries of W closer than it are taken as equal. Points polished to
// ‖∇F‖ < 1e-13 have entries equal by symmetry up to ≈ 1e-12 (the error of the
// point, ‖∇F‖/λ_min, plus rounding), while distinct entries of the published
// critical points differ by more than 1e-3, so 1e-6 separates both by orders
// of magnitude. GD end points at ‖∇F‖ = 1e-10 are also resolved (errors ≈ 1e-8).
const DefaultSymTol = 1e-6

// Isotropy describes the isotropy subgroup of S_k × S_d fixing W up to
// tolerance, for the teacher V = I_d with unit output weights, where the group
// acts by W ↦ P W Qᵀ (P permutes the k neurons, Q the d coordinates together
// with the teacher's neurons). It is given by its orbits on neurons and on
// coordinates.
type Isotropy struct {
	// NeuronOrbits and CoordOrbits partition {0,…,k−1} and {0,…,d−1}; each
	// orbit is sorted, and the orbits are listed by decreasing size, ties
	// in canonical order.
	NeuronOrbits, CoordOrbits [][]int
}

// Type returns Safran–Shamir's block pattern of the point, the neuron orbit
// sizes in decreasing order, e.g. "(6,1)" for the d = 7 spurious minimum with
// isotropy Δ(S₆×S₁), and "(d)" for W = I_d.
func (iso *Isotropy) Type() string {
	sz := make([]string, len(iso.NeuronOrbits))
	for i, o := range iso.NeuronOrbits {
		sz[i] = strconv.Itoa(len(o))
	}
	return "(" + strings.Join(sz, ",") + ")"
}

// symState is an ordered partition of rows and of columns given by colors
// (cell ranks), for the individualization–refinement of a labelled matrix.
type symState struct {
	k, d   int
	lab    []int // k×d value labels
	nl     int   // number of labels
	rc, cc []int // row and column colors (0 … #cells−1)

	hr, hc []uint64 // refinement scratch
	or, oc []int
}

// quantize labels the entries of W: sorted values closer than tol to their
// neighbour share a label (single linkage), labels increase with the value,
// so they are invariant under permutations.
func quantize(W mat.Matrix, tol float64) *symState {
	k, d := W.Dims()
	type iv struct {
		v   float64
		idx int
	}
	vals := make([]iv, k*d)
	for i := 0; i < k; i++ {
		for j := 0; j < d; j++ {
			v := W.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				panic(fmt.Sprintf("landscape: non-finite W[%d,%d] in symmetry analysis", i, j))
			}
			vals[i*d+j] = iv{v, i*d + j}
		}
	}
	slices.SortFunc(vals, func(a, b iv) int { return cmp.Compare(a.v, b.v) })
	s := &symState{k: k, d: d, lab: make([]int, k*d), rc: make([]int, k), cc: make([]int, d)}
	l := 0
	for i, x := range vals {
		if i > 0 && x.v-vals[i-1].v > tol {
			l++
		}
		s.lab[x.idx] = l
	}
	s.nl = l + 1
	return s
}

func (s *symState) clone() *symState {
	c := *s
	c.rc = slices.Clone(s.rc)
	c.cc = slices.Clone(s.cc)
	c.hr, c.hc, c.or, c.oc = nil, nil, nil, nil
	return &c
}

func ncolors(c []int) int {
	m := 0
	for _, v := range c {
		m = max(m, v+1)
	}
	return m
}

// recolor assigns to each element the rank of its key (old colour, hash of
// the signature) among the distinct keys, so cells are refined in place and
// the order of cells is kept. order is scratch of len(colors).
func recolor(colors []int, h []uint64, order []int) {
	for i := range order {
		order[i] = i
	}
	key := func(a, b int) int {
		if c := cmp.Compare(colors[a], colors[b]); c != 0 {
			return c
		}
		return cmp.Compare(h[a], h[b])
	}
	slices.SortFunc(order, key)
	// Walk in sorted order, comparing with the previous key saved before it
	// is overwritten by its rank.
	c := 0
	var pc int
	var ph uint64
	for r, i := range order {
		ci, hi := colors[i], h[i]
		if r > 0 && (ci != pc || hi != ph) {
			c++
		}
		pc, ph = ci, hi
		h[i] = uint64(c)
	}
	for i := range colors {
		colors[i] = int(h[i])
	}
}

// mix is the splitmix64 finalizer, a bijective 64-bit hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// refine runs colour refinement to the coarsest equitable partition finer
// than the current one: a row's new colour is determined by its colour and
// the multiset of (label, column colour) of its entries, and likewise for
// columns. Multisets are compared through a commutative 64-bit hash
// (Σ mix(pair)), so a collision of two different multisets, with probability
// about 2⁻⁶⁴ per pair, could merge cells that should split.
func (s *symState) refine() {
	k, d := s.k, s.d
	if len(s.hr) != k {
		s.hr, s.hc = make([]uint64, k), make([]uint64, d)
		s.or, s.oc = make([]int, k), make([]int, d)
	}
	for {
		nr, nc := ncolors(s.rc), ncolors(s.cc)
		for i := 0; i < k; i++ {
			var h uint64
			for j, l := range s.lab[i*d : (i+1)*d] {
				h += mix(uint64(l)<<32 | uint64(s.cc[j]))
			}
			s.hr[i] = h
		}
		recolor(s.rc, s.hr, s.or)
		for j := 0; j < d; j++ {
			s.hc[j] = 0
		}
		for i := 0; i < k; i++ {
			ri := uint64(s.rc[i])
			for j, l := range s.lab[i*d : (i+1)*d] {
				s.hc[j] += mix(uint64(l)<<32 | ri | 1<<63)
			}
		}
		recolor(s.cc, s.hc, s.oc)
		if ncolors(s.rc) == nr && ncolors(s.cc) == nc {
			return
		}
	}
}

// individualize gives element x of colors its own cell, placed first among
// the elements of its old cell.
func individualize(colors []int, x int) {
	cx := colors[x]
	for y, c := range colors {
		if c > cx || (c == cx && y != x) {
			colors[y]++
		}
	}
}

// firstNontrivial returns the elements of the first cell with more than one
// element, rows before columns: isRow reports which; nil if discrete.
func (s *symState) firstNontrivial() (cell []int, isRow bool) {
	for _, part := range []struct {
		c   []int
		row bool
	}{{s.rc, true}, {s.cc, false}} {
		count := make([]int, ncolors(part.c))
		for _, c := range part.c {
			count[c]++
		}
		for c, n := range count {
			if n > 1 {
				var cell []int
				for y, cy := range part.c {
					if cy == c {
						cell = append(cell, y)
					}
				}
				return cell, part.row
			}
		}
	}
	return nil, false
}

// leaf individualizes (first element of the first non-trivial cell, refine)
// until the partition is discrete.
func (s *symState) leaf() {
	for {
		s.refine()
		cell, isRow := s.firstNontrivial()
		if cell == nil {
			return
		}
		if isRow {
			individualize(s.rc, cell[0])
		} else {
			individualize(s.cc, cell[0])
		}
	}
}

// labelMatrix returns the label matrix permuted by a discrete state.
func (s *symState) labelMatrix() []int {
	m := make([]int, s.k*s.d)
	for i := 0; i < s.k; i++ {
		for j := 0; j < s.d; j++ {
			m[s.rc[i]*s.d+s.cc[j]] = s.lab[i*s.d+j]
		}
	}
	return m
}

// Canonical returns a canonical form of W (k×d) under W ↦ P W Qᵀ, P ∈ S_k,
// Q ∈ S_d: a permuted copy of W such that points in the same orbit (entries
// equal within tol) have canonical forms equal within tol, together with the
// permutations used, rowPerm[i] and colPerm[j] being the new positions of
// row i and column j of W.
//
// The method is individualization–refinement: entries are labelled by value
// classes (sorted, single linkage at tol), colour refinement splits neurons
// and coordinates into the coarsest equitable partition, and cells are split by
// individualizing one element at a time. At the first branching every element
// of the cell is tried and the lexicographically smallest label matrix is
// kept; deeper branchings take the first element, which is exact when the
// cells of the refined partition are orbits of the stabilizer, as they are for
// the critical points of the papers (value-distinct entries). tol ≤ 0 means
// DefaultSymTol. It panics if W has a NaN or ±Inf entry.
func Canonical(W mat.Matrix, tol float64) (c *mat.Dense, rowPerm, colPerm []int) {
	if tol <= 0 {
		tol = DefaultSymTol
	}
	s0 := quantize(W, tol)
	s0.refine()
	best := canonicalLeaf(s0)
	k, d := W.Dims()
	c = mat.NewDense(k, d, nil)
	for i := 0; i < k; i++ {
		for j := 0; j < d; j++ {
			c.Set(best.rc[i], best.cc[j], W.At(i, j))
		}
	}
	return c, best.rc, best.cc
}

// canonicalLeaf tries every element of the first non-trivial cell of the
// refined state s and returns the discrete state with the smallest label
// matrix.
func canonicalLeaf(s *symState) *symState {
	cell, isRow := s.firstNontrivial()
	if cell == nil {
		return s
	}
	var best *symState
	var bestM []int
	for _, x := range cell {
		t := s.clone()
		if isRow {
			individualize(t.rc, x)
		} else {
			individualize(t.cc, x)
		}
		t.leaf()
		m := t.labelMatrix()
		if best == nil || slices.Compare(m, bestM) < 0 {
			best, bestM = t, m
		}
	}
	return best
}

// IsotropyOf returns the isotropy subgroup of S_k × S_d fixing W (k×d) up to
// tol, by its orbits (see Isotropy), for the teacher V = I_d. Two neurons (or
// coordinates) are put in one orbit when individualizing either one first and
// refining to a discrete partition gives the same permuted label matrix: the
// two permutations then compose to a symmetry of W mapping one to the other,
// so every reported orbit is proved. The orbits are those of the refined
// partition in all cases seen (value-distinct critical points). tol ≤ 0 means
// DefaultSymTol. It panics if W has a NaN or ±Inf entry.
func IsotropyOf(W mat.Matrix, tol float64) *Isotropy {
	if tol <= 0 {
		tol = DefaultSymTol
	}
	s := quantize(W, tol)
	s.refine()
	iso := &Isotropy{
		NeuronOrbits: orbitsOf(s, true),
		CoordOrbits:  orbitsOf(s, false),
	}
	return iso
}

func orbitsOf(s *symState, rows bool) [][]int {
	colors := s.cc
	if rows {
		colors = s.rc
	}
	cells := make([][]int, ncolors(colors))
	for y, c := range colors {
		cells[c] = append(cells[c], y)
	}
	var orbits [][]int
	for _, cell := range cells {
		if len(cell) == 1 {
			orbits = append(orbits, cell)
			continue
		}
		// Group the cell's elements by the leaf their individualization
		// reaches.
		var reps [][]int // leaf label matrices
		var groups [][]int
		for _, x := range cell {
			t := s.clone()
			if rows {
				individualize(t.rc, x)
			} else {
				individualize(t.cc, x)
			}
			t.leaf()
			m := t.labelMatrix()
			found := false
			for g, r := range reps {
				if slices.Equal(r, m) {
					groups[g] = append(groups[g], x)
					found = true
					break
				}
			}
			if !found {
				reps = append(reps, m)
				groups = append(groups, []int{x})
			}
		}
		orbits = append(orbits, groups...)
	}
	slices.SortStableFunc(orbits, func(a, b []int) int { return cmp.Compare(len(b), len(a)) })
	return orbits
}

// SameOrbit reports whether b = P a Qᵀ within tol for some permutations P, Q,
// by comparing canonical forms entrywise. tol ≤ 0 means DefaultSymTol.
func SameOrbit(a, b mat.Matrix, tol float64) bool {
	if tol <= 0 {
		tol = DefaultSymTol
	}
	ka, da := a.Dims()
	kb, db := b.Dims()
	if ka != kb || da != db {
		return false
	}
	ca, _, _ := Canonical(a, tol)
	cb, _, _ := Canonical(b, tol)
	return maxAbsDiff(ca, cb) <= tol
}

func maxAbsDiff(a, b *mat.Dense) float64 {
	var m float64
	ad, bd := a.RawMatrix().Data, b.RawMatrix().Data
	for i, v := range ad {
		m = math.Max(m, math.Abs(v-bd[i]))
	}
	return m
}

// Orbit is a class of points equal up to W ↦ P W Qᵀ.
type Orbit struct {
	// Rep is the canonical form (Canonical) of the first member.
	Rep *mat.Dense
	// Type is the block pattern of Rep (Isotropy.Type).
	Type string
	// Members are the indices of the points in this orbit, ascending.
	Members []int
}

// Count returns the number of points in the orbit.
func (o *Orbit) Count() int { return len(o.Members) }

// Orbits merges points (each k×d; shapes may differ, and different shapes
// are different orbits) into orbits up to the group: two points are merged
// when their canonical forms agree entrywise within tol. The orbits are
// returned in order of first appearance, so the result is deterministic for an
// ordered input. tol ≤ 0 means DefaultSymTol. It panics if a point has a NaN
// or ±Inf entry.
func Orbits(points []mat.Matrix, tol float64) []Orbit {
	if tol <= 0 {
		tol = DefaultSymTol
	}
	var out []Orbit
	for idx, w := range points {
		c, _, _ := Canonical(w, tol)
		found := false
		for o := range out {
			r := out[o].Rep
			kr, dr := r.Dims()
			kc, dc := c.Dims()
			if kr == kc && dr == dc && maxAbsDiff(r, c) <= tol {
				out[o].Members = append(out[o].Members, idx)
				found = true
				break
			}
		}
		if !found {
			out = append(out, Orbit{Rep: c, Type: IsotropyOf(c, tol).Type(), Members: []int{idx}})
		}
	}
	return out
}

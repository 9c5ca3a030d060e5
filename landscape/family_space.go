// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FixedSpace is the fixed-point subspace of the isotropy group
// Δ(S_{p₁}×…×S_{p_r}) in the k = d problem with teacher V = I_d: the group
// permutes the neurons and the coordinates of each block together (W ↦ PWPᵀ),
// and the W it fixes are constant on the cells of the block partition,
//
//	Wᵢᵢ = D_a (i in block a),  Wᵢⱼ = E_a (i ≠ j both in block a),
//	Wᵢⱼ = C_ab (i in block a, j in block b ≠ a).
//
// ΔS_d is the single block (d): W = D·I + E·(11ᵀ − I). Δ(S_{d−p}×S_p) is
// (d−p, p), and Safran's block patterns are the general (p₁,…,p_r).
//
// The reduced coordinates u are, block by block, D_a, then E_a (absent when
// p_a = 1), then C_ab for b ≠ a in order: r² + r unknowns less one per
// singleton block, whatever d = Σp_a is.
//
// The loss, gradient and Jacobian on the subspace are evaluated from the
// arc-cosine kernel by counting the pairs of each type (a pair of neurons, or
// a neuron and a teacher row, is of one of O(r²) types), so they cost O(r³)
// and never form a d×d matrix. The sizes enter only as the counts of these
// types, polynomially, so a size may be real: the reduced equations are then
// the analytic continuation in d of the integer ones. A size must be an
// integer ≥ 1 or a real number > 1.
type FixedSpace struct {
	// Sizes are the block sizes p₁,…,p_r; d = Σp_a.
	Sizes []float64
}

// NewFixedSpace returns the fixed-point subspace of Δ(S_{p₁}×…×S_{p_r}).
// It panics if there are no sizes or a size is neither an integer ≥ 1 nor a
// finite real > 1. The sizes are copied.
func NewFixedSpace(sizes ...float64) FixedSpace {
	s := FixedSpace{Sizes: append([]float64(nil), sizes...)}
	s.check()
	return s
}

func (s FixedSpace) check() {
	if len(s.Sizes) == 0 {
		panic("landscape: FixedSpace without blocks")
	}
	for a, p := range s.Sizes {
		if math.IsNaN(p) || math.IsInf(p, 0) || p < 1 || (p != math.Trunc(p) && p <= 1) {
			panic(fmt.Sprintf("landscape: block %d of FixedSpace has size %v, want an integer ≥ 1 or a real > 1", a, p))
		}
	}
}

// D returns d = Σp_a.
func (s FixedSpace) D() float64 {
	var d float64
	for _, p := range s.Sizes {
		d += p
	}
	return d
}

// famCoord is one reduced coordinate: the cell (a, b, dg) of W it sets.
type famCoord struct {
	a, b int
	dg   bool
}

func (s FixedSpace) coords() []famCoord {
	var cs []famCoord
	for a, p := range s.Sizes {
		cs = append(cs, famCoord{a, a, true})
		if p != 1 {
			cs = append(cs, famCoord{a, a, false})
		}
		for b := range s.Sizes {
			if b != a {
				cs = append(cs, famCoord{a, b, false})
			}
		}
	}
	return cs
}

// Dim returns the number of reduced coordinates.
func (s FixedSpace) Dim() int { return len(s.coords()) }

// CoordNames returns the names of the reduced coordinates, "D1", "E1",
// "C12", … (blocks numbered from 1).
func (s FixedSpace) CoordNames() []string {
	var names []string
	for _, c := range s.coords() {
		switch {
		case c.dg:
			names = append(names, fmt.Sprintf("D%d", c.a+1))
		case c.a == c.b:
			names = append(names, fmt.Sprintf("E%d", c.a+1))
		default:
			names = append(names, fmt.Sprintf("C%d%d", c.a+1, c.b+1))
		}
	}
	return names
}

// count returns the number of entries of W that coordinate c sets.
func (s FixedSpace) count(c famCoord) float64 {
	pa := s.Sizes[c.a]
	switch {
	case c.dg:
		return pa
	case c.a == c.b:
		return pa * (pa - 1)
	default:
		return pa * s.Sizes[c.b]
	}
}

// pattern returns W(u). Cells of the (a,a) off-diagonal of a singleton block
// are given the value of a hypothetical second member (zero weight in every
// sum): E_a = 0.
func (s FixedSpace) pattern(u []float64) famMat {
	cs := s.coords()
	if len(u) != len(cs) {
		panic(fmt.Sprintf("landscape: FixedSpace of dimension %d given %d coordinates", len(cs), len(u)))
	}
	W := famNew(s.Sizes)
	r := len(s.Sizes)
	for i, c := range cs {
		if c.dg {
			W.diag[c.a] = u[i]
		} else {
			W.off[c.a*r+c.b] = u[i]
		}
	}
	return W
}

// indicator returns the pattern ∂W/∂u_i.
func (s FixedSpace) indicator(c famCoord) famMat {
	return famFill(s.Sizes, func(a, b int, dg bool) float64 {
		if a == c.a && b == c.b && dg == c.dg {
			return 1
		}
		return 0
	})
}

func checkFiniteCoords(u []float64) error {
	for i, v := range u {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &NotFiniteError{What: "reduced coordinates", Row: i, Col: -1}
		}
	}
	return nil
}

func (s FixedSpace) geometry(u []float64) (famGeom, error) {
	if err := checkFiniteCoords(u); err != nil {
		return famGeom{}, err
	}
	g, z := famGeometry(s.pattern(u))
	if z >= 0 {
		return g, fmt.Errorf("landscape: the neurons of block %d of %v are zero: %w", z+1, s.Sizes, ErrZeroNeuron)
	}
	return g, nil
}

// Loss returns the reduced loss F(W(u)), the population loss of the k = d
// student W(u) against V = I_d, from the kernel sums per cell with the
// four kernels of a pair of cells combined first (accurate relative to F,
// not to d²). A zero block of neurons is allowed (F is continuous there).
// It panics if len(u) ≠ Dim() or a coordinate is NaN or ±Inf.
func (s FixedSpace) Loss(u []float64) float64 {
	if err := checkFiniteCoords(u); err != nil {
		panic(err.Error())
	}
	return famLoss(s.pattern(u))
}

// Gradient stores the reduced gradient ∂F(W(u))/∂u in dst (len Dim()). It is
// the full gradient restricted to the subspace: ∂F/∂u_c = Σ (∇F)ᵢⱼ over the
// entries of cell c, and since ∇F(W) is itself fixed by the group, u is
// critical for the reduced loss exactly when W(u) is critical for F. It
// returns an error matching ErrZeroNeuron if the neurons of a block are zero
// and ErrNotFinite for a non-finite coordinate, and panics on a length
// mismatch.
func (s FixedSpace) Gradient(dst, u []float64) error {
	cs := s.coords()
	if len(dst) != len(cs) {
		panic("landscape: FixedSpace.Gradient: len(dst) ≠ Dim()")
	}
	g, err := s.geometry(u)
	if err != nil {
		return err
	}
	G := famGrad(&g)
	for i, c := range cs {
		dst[i] = s.count(c) * G.at(c.a, c.b, c.dg)
	}
	return nil
}

// FullGradNorm returns ‖∇F(W(u))‖_F, the Frobenius norm of the gradient of
// the full d×d problem at W(u), from its cells and their counts. Errors and
// panics are as for Gradient.
func (s FixedSpace) FullGradNorm(u []float64) (float64, error) {
	g, err := s.geometry(u)
	if err != nil {
		return 0, err
	}
	G := famGrad(&g)
	return math.Sqrt(math.Max(0, famInner(G, G))), nil
}

// Jacobian stores in dst (Dim()×Dim(), resized if empty) the Jacobian of the
// reduced gradient, the Hessian of u ↦ F(W(u)): J = Bᵀ∇²F B with B the
// indicator matrices of the cells, each column of ∇²F B a Hessian-vector
// product evaluated on patterns (O(r³) work). Pairs within DegenerateAngle
// of parallel or antiparallel take the limits of the Hessian blocks. Errors
// and panics are as for Gradient, and it panics if dst has the wrong size.
func (s FixedSpace) Jacobian(dst *mat.SymDense, u []float64) error {
	cs := s.coords()
	n := len(cs)
	if dst.IsEmpty() {
		dst.ReuseAsSym(n)
	} else if dst.SymmetricDim() != n {
		panic("landscape: FixedSpace.Jacobian: dst has the wrong size")
	}
	g, err := s.geometry(u)
	if err != nil {
		return err
	}
	cols := make([]famMat, n)
	for j, c := range cs {
		cols[j] = famHessVec(&g, s.indicator(c))
	}
	for i, ci := range cs {
		for j := i; j < n; j++ {
			// ⟨Bᵢ, H Bⱼ⟩ and ⟨Bⱼ, H Bᵢ⟩ agree to rounding; average them.
			v := s.count(ci)*cols[j].at(ci.a, ci.b, ci.dg) + s.count(cs[j])*cols[i].at(cs[j].a, cs[j].b, cs[j].dg)
			dst.SetSym(i, j, v/2)
		}
	}
	return nil
}

// Matrix returns the d×d matrix W(u), rows and columns block by block. It
// panics if a size is not an integer or len(u) ≠ Dim().
func (s FixedSpace) Matrix(u []float64) *mat.Dense {
	for _, p := range s.Sizes {
		if p != math.Trunc(p) {
			panic("landscape: FixedSpace.Matrix needs integer sizes")
		}
	}
	return famDense(s.pattern(u))
}

// Coords returns the reduced coordinates of the orthogonal projection of W
// (d×d) onto the subspace: each coordinate is the mean of W over its cell.
// It panics if a size is not an integer or W is not d×d.
func (s FixedSpace) Coords(W mat.Matrix) []float64 {
	var blk []int
	for a, p := range s.Sizes {
		if p != math.Trunc(p) {
			panic("landscape: FixedSpace.Coords needs integer sizes")
		}
		for range int(p) {
			blk = append(blk, a)
		}
	}
	d := len(blk)
	if r, c := W.Dims(); r != d || c != d {
		panic(fmt.Sprintf("landscape: FixedSpace.Coords: W is %d×%d, want %d×%d", r, c, d, d))
	}
	cs := s.coords()
	idx := make(map[famCoord]int, len(cs))
	for i, c := range cs {
		idx[c] = i
	}
	u := make([]float64, len(cs))
	for i := range d {
		for j := range d {
			c := famCoord{blk[i], blk[j], i == j}
			u[idx[c]] += W.At(i, j)
		}
	}
	for i, c := range cs {
		u[i] /= s.count(c)
	}
	return u
}

// Coords0 returns the reduced coordinates of the teacher W = I (the global
// minimum, on every fixed-point subspace): D_a = 1, all other cells 0.
func (s FixedSpace) Coords0() []float64 {
	cs := s.coords()
	u := make([]float64, len(cs))
	for i, c := range cs {
		if c.dg {
			u[i] = 1
		}
	}
	return u
}

// famDense returns the d×d matrix of a pattern with integer sizes.
func famDense(m famMat) *mat.Dense {
	var idx []int
	for a, s := range m.p {
		for range int(s) {
			idx = append(idx, a)
		}
	}
	d := len(idx)
	out := mat.NewDense(d, d, nil)
	for i := range d {
		for j := range d {
			out.Set(i, j, m.at(idx[i], idx[j], i == j))
		}
	}
	return out
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Isotypic is one isotypic component of the parameter space R^{d×d} under an
// isotropy group G = Δ(S_{p₁}×…×S_{p_r}), and the Hessian restricted to it.
// The component is Copies copies of an irreducible representation of
// dimension Dim; by Schur's lemma the Hessian acts on it as a Copies×Copies
// matrix tensored with the identity of size Dim, so each of Values (the
// eigenvalues of that small matrix, ascending) is an eigenvalue of the
// Hessian of multiplicity Dim.
type Isotypic struct {
	// Irrep names the representation: "1" (trivial), "S_a" (the standard
	// representation of block a's symmetric group), "S_a⊗S_b", "X_a"
	// (the partition (p_a−2, 2)) and "Y_a" (the partition (p_a−2, 1, 1)),
	// blocks numbered from 1.
	Irrep string
	// Dim is the dimension of the representation: 1, p_a − 1,
	// (p_a − 1)(p_b − 1), p_a(p_a − 3)/2 and (p_a − 1)(p_a − 2)/2. It is
	// real when the sizes are.
	Dim float64
	// Values are the eigenvalues of the Hessian on the component.
	Values []float64
}

// SymSpectrum is the Hessian spectrum of a point on a fixed-point subspace,
// assembled from its isotypic components. For integer sizes the Dim-weighted
// count of Values is d².
//
// For real sizes FixedSpace.Spectrum includes a component when the block
// size is at least the smallest integer at which it exists: S_a for
// p_a ≥ 2, Y_a for p_a ≥ 3, X_a for p_a ≥ 4 (S_a⊗S_b when p_a, p_b ≥ 2),
// with Dim the polynomial above, so Dim > 0 and the Values are the analytic
// continuation of those at the integers. λ_min can therefore jump where a
// block's size passes 2, 3 or 4. Min, Index and Distinct skip components
// with Dim ≤ 0, which Spectrum does not produce.
type SymSpectrum struct {
	// D is d = Σp_a.
	D float64
	// Components are the isotypic components: the trivial one first, then
	// per block a the S_a, S_a⊗S_b (b > a), Y_a and X_a that exist.
	Components []Isotypic
}

// SymEigenvalue is a distinct eigenvalue with its multiplicity (real when d
// is).
type SymEigenvalue struct {
	Value, Mult float64
}

// Min returns the smallest eigenvalue λ_min (+Inf without components).
func (s *SymSpectrum) Min() float64 {
	m := math.Inf(1)
	for _, c := range s.Components {
		if !(c.Dim > 0) {
			continue
		}
		for _, v := range c.Values {
			m = math.Min(m, v)
		}
	}
	return m
}

// Index returns the number of eigenvalues below −tol, counted with
// multiplicity: the Morse index of a critical point.
func (s *SymSpectrum) Index(tol float64) float64 {
	var n float64
	for _, c := range s.Components {
		if !(c.Dim > 0) {
			continue
		}
		for _, v := range c.Values {
			if v < -tol {
				n += c.Dim
			}
		}
	}
	return n
}

// Distinct returns the distinct eigenvalues in ascending order with their
// multiplicities, merging values of different components that agree to
// tol·(1 + |λ|) (consecutive merging, as linalg.Spectrum does).
func (s *SymSpectrum) Distinct(tol float64) []SymEigenvalue {
	var all []SymEigenvalue
	for _, c := range s.Components {
		if !(c.Dim > 0) {
			continue
		}
		for _, v := range c.Values {
			all = append(all, SymEigenvalue{v, c.Dim})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Value < all[j].Value })
	var out []SymEigenvalue
	for _, e := range all {
		if n := len(out); n > 0 && e.Value-out[n-1].Value <= tol*(1+math.Abs(e.Value)) {
			// Keep the multiplicity-weighted mean as the value.
			m := out[n-1].Mult + e.Mult
			out[n-1].Value = (out[n-1].Value*out[n-1].Mult + e.Value*e.Mult) / m
			out[n-1].Mult = m
			continue
		}
		out = append(out, e)
	}
	return out
}

// Values returns all d² eigenvalues in ascending order, each repeated by its
// multiplicity. It panics if d is not an integer.
func (s *SymSpectrum) Values() []float64 {
	var v []float64
	for _, c := range s.Components {
		if c.Dim != math.Trunc(c.Dim) {
			panic("landscape: SymSpectrum.Values with a non-integer multiplicity")
		}
		for _, x := range c.Values {
			for range int(c.Dim) {
				v = append(v, x)
			}
		}
	}
	sort.Float64s(v)
	return v
}

// famRefine returns the refinement of a partition with block sizes sizes.
//
// famRefined is the refinement of a block partition in which up to four
// coordinates x, y, z, w of each block are singled out ("markers"); the
// vectors spanning one row of each irreducible representation live on it.
type famRefined struct {
	p      []float64
	parent []int
	marker []int // 0…3, or −1 for the remainder of a block
}

// An integer block of size ≤ 4 is split into singletons. Any other block
// gets four markers and a remainder of size p − 4, which is negative for a
// real p < 4: every count is a polynomial in the sizes and the refinement
// leaves all sums unchanged, so this is the analytic continuation of the
// integer case.
func famRefine(sizes []float64) famRefined {
	var f famRefined
	for a, p := range sizes {
		m := 4
		if p <= 4 && p == math.Trunc(p) {
			m = int(p)
		}
		for i := range m {
			f.p = append(f.p, 1)
			f.parent = append(f.parent, a)
			f.marker = append(f.marker, i)
		}
		if m == 4 && p != 4 {
			f.p = append(f.p, p-4)
			f.parent = append(f.parent, a)
			f.marker = append(f.marker, -1)
		}
	}
	return f
}

// lift returns W on the refined partition.
func (f famRefined) lift(W famMat) famMat {
	return famFill(f.p, func(a, b int, dg bool) float64 { return W.at(f.parent[a], f.parent[b], dg) })
}

// sep returns the separable vector x⊗y (entries x(row cell)·y(col cell)).
func (f famRefined) sep(x, y func(ra int) float64) famMat {
	return famFill(f.p, func(a, b int, dg bool) float64 { return x(a) * y(b) })
}

// std returns e_x − e_y of block a, ones the indicator of block a.
func (f famRefined) std(a int) func(int) float64 {
	return func(ra int) float64 {
		if f.parent[ra] != a {
			return 0
		}
		switch f.marker[ra] {
		case 0:
			return 1
		case 1:
			return -1
		}
		return 0
	}
}

func (f famRefined) ones(a int) func(int) float64 {
	return func(ra int) float64 {
		if f.parent[ra] == a {
			return 1
		}
		return 0
	}
}

// markerMatrix returns the matrix with entries A[m][n] at the off-diagonal
// marker pairs (x_m, x_n) of block a.
func (f famRefined) markerMatrix(a int, A [4][4]float64) famMat {
	return famFill(f.p, func(ra, rb int, dg bool) float64 {
		if dg || f.parent[ra] != a || f.parent[rb] != a || f.marker[ra] < 0 || f.marker[rb] < 0 || ra == rb {
			return 0
		}
		return A[f.marker[ra]][f.marker[rb]]
	})
}

// famBlock returns the eigenvalues of the Hessian on the span of the copies
// b_k (images of one vector under equivariant embeddings): with the Gram
// matrix G = [⟨b_k, b_l⟩] and K = [⟨b_k, H b_l⟩], it orthonormalizes the b_k
// (Gram–Schmidt in the G inner product, dropping a vector whose remaining
// norm² is below 1e-10 of its own: that is a dependent copy, as at p_a = 2
// where diag(u) lies in the span of u⊗1 and 1⊗u) and diagonalizes CᵀKC.
func famBlock(g *famGeom, bs []famMat) ([]float64, error) {
	n := len(bs)
	hb := make([]famMat, n)
	for i, b := range bs {
		hb[i] = famHessVec(g, b)
	}
	G := mat.NewSymDense(n, nil)
	K := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			G.SetSym(i, j, famInner(bs[i], bs[j]))
			K.SetSym(i, j, (famInner(bs[i], hb[j])+famInner(bs[j], hb[i]))/2)
		}
	}
	// Columns of C: coefficients of the orthonormal vectors.
	var cols [][]float64
	gip := func(x, y []float64) float64 {
		var s float64
		for i := range n {
			for j := range n {
				s += x[i] * G.At(i, j) * y[j]
			}
		}
		return s
	}
	for k := range n {
		v := make([]float64, n)
		v[k] = 1
		n0 := G.At(k, k)
		for _, q := range cols {
			c := gip(q, v)
			for i := range v {
				v[i] -= c * q[i]
			}
		}
		nn := gip(v, v)
		if !(nn > 1e-10*n0) {
			continue
		}
		s := 1 / math.Sqrt(nn)
		for i := range v {
			v[i] *= s
		}
		cols = append(cols, v)
	}
	m := len(cols)
	if m == 0 {
		return nil, nil
	}
	C := mat.NewDense(n, m, nil)
	for j, c := range cols {
		C.SetCol(j, c)
	}
	var KC, M mat.Dense
	KC.Mul(K, C)
	M.Mul(C.T(), &KC)
	Ms := mat.NewSymDense(m, nil)
	for i := range m {
		for j := i; j < m; j++ {
			Ms.SetSym(i, j, (M.At(i, j)+M.At(j, i))/2)
		}
	}
	var es mat.EigenSym
	if !es.Factorize(Ms, false) {
		return nil, errors.New("landscape: eigendecomposition of an isotypic block failed")
	}
	return es.Values(nil), nil
}

// Spectrum returns the Hessian spectrum of F at W(u) from its isotypic
// components under the group (see Isotypic), without forming the d²×d²
// Hessian: for each irreducible representation the Hessian-vector products
// of one vector of each copy, evaluated on patterns of a partition refined by
// at most four marked coordinates per block. The work is O(r⁵) whatever d
// is, and d may be real. The trivial component's Values are the eigenvalues of
// the reduced Jacobian in orthonormal coordinates. It returns an error
// matching ErrZeroNeuron if a block of neurons is zero, ErrNotFinite for a
// non-finite coordinate, and panics if len(u) ≠ Dim().
func (fs FixedSpace) Spectrum(u []float64) (*SymSpectrum, error) {
	g, err := fs.geometry(u)
	if err != nil {
		return nil, err
	}
	sp := &SymSpectrum{D: fs.D()}
	// Trivial representation: the cell indicators.
	var triv []famMat
	for _, c := range fs.coords() {
		triv = append(triv, fs.indicator(c))
	}
	vals, err := famBlock(&g, triv)
	if err != nil {
		return nil, err
	}
	sp.Components = append(sp.Components, Isotypic{Irrep: "1", Dim: 1, Values: vals})

	ref := famRefine(fs.Sizes)
	rg, z := famGeometry(ref.lift(g.w))
	if z >= 0 {
		return nil, fmt.Errorf("landscape: refined geometry has a zero block: %w", ErrZeroNeuron)
	}
	r := len(fs.Sizes)
	add := func(name string, dim float64, bs []famMat) error {
		vals, err := famBlock(&rg, bs)
		if err != nil {
			return err
		}
		if len(vals) > 0 {
			sp.Components = append(sp.Components, Isotypic{Irrep: name, Dim: dim, Values: vals})
		}
		return nil
	}
	for a, pa := range fs.Sizes {
		if pa < 2 {
			continue
		}
		u := ref.std(a)
		diagU := famFill(ref.p, func(x, y int, dg bool) float64 {
			if dg {
				return u(x)
			}
			return 0
		})
		bs := []famMat{ref.sep(u, ref.ones(a)), ref.sep(ref.ones(a), u), diagU}
		for b := range r {
			if b != a {
				bs = append(bs, ref.sep(u, ref.ones(b)), ref.sep(ref.ones(b), u))
			}
		}
		if err := add(fmt.Sprintf("S_%d", a+1), pa-1, bs); err != nil {
			return nil, err
		}
		for b := a + 1; b < r; b++ {
			if fs.Sizes[b] < 2 {
				continue
			}
			v := ref.std(b)
			bs := []famMat{ref.sep(u, v), ref.sep(v, u)}
			if err := add(fmt.Sprintf("S_%d⊗S_%d", a+1, b+1), (pa-1)*(fs.Sizes[b]-1), bs); err != nil {
				return nil, err
			}
		}
		if pa >= 3 {
			// An antisymmetric matrix on three markers with zero row sums.
			var A [4][4]float64
			A[0][1], A[1][2], A[2][0] = 1, 1, 1
			A[1][0], A[2][1], A[0][2] = -1, -1, -1
			if err := add(fmt.Sprintf("Y_%d", a+1), (pa-1)*(pa-2)/2, []famMat{ref.markerMatrix(a, A)}); err != nil {
				return nil, err
			}
		}
		if pa >= 4 {
			// A symmetric zero-diagonal matrix on four markers with zero row sums.
			var A [4][4]float64
			A[0][1], A[1][0], A[2][3], A[3][2] = 1, 1, 1, 1
			A[0][2], A[2][0], A[1][3], A[3][1] = -1, -1, -1, -1
			if err := add(fmt.Sprintf("X_%d", a+1), pa*(pa-3)/2, []famMat{ref.markerMatrix(a, A)}); err != nil {
				return nil, err
			}
		}
	}
	return sp, nil
}

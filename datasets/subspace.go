// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Subspace is a linear subspace P ⊂ R^d of dimension k = d − ℓ, given by
// orthonormal bases of P and of its orthogonal complement P⊥.
//
// Basis is d×k and Complement is d×ℓ; together their columns form an
// orthonormal basis of R^d, so the orthogonal projections are
//
//	P x = U Uᵀ x,   P⊥ x = V Vᵀ x = x − P x,
//
// with U = Basis and V = Complement. A Subspace must not be modified after
// construction; build it with RandomSubspace, NewSubspace or PCA. Either
// basis may have zero columns, in which case it is nil.
type Subspace struct {
	Basis      *mat.Dense
	Complement *mat.Dense
}

// RandomSubspace returns a uniformly random subspace of R^d of codimension
// ell (dimension d − ell), drawn from rnd: the first d − ell columns of the
// orthogonal factor Q of a d×d matrix with i.i.d. N(0, 1) entries (signs fixed
// so that R has a positive diagonal, which makes Q Haar distributed) span P,
// the remaining ell columns span P⊥.
//
// RandomSubspace panics if d < 1 or ell is not in [0, d].
func RandomSubspace(d, ell int, rnd *rand.Rand) *Subspace {
	if d < 1 {
		panic("datasets: subspace dimension d < 1")
	}
	if ell < 0 || ell > d {
		panic("datasets: codimension out of range [0, d]")
	}
	g := mat.NewDense(d, d, nil)
	raw := g.RawMatrix()
	for i := range raw.Data {
		raw.Data[i] = rnd.NormFloat64()
	}
	var qr mat.QR
	qr.Factorize(g)
	var q, r mat.Dense
	qr.QTo(&q)
	qr.RTo(&r)
	for j := 0; j < d; j++ {
		if r.At(j, j) < 0 {
			for i := 0; i < d; i++ {
				q.Set(i, j, -q.At(i, j))
			}
		}
	}
	return NewSubspace(&q, d-ell)
}

// NewSubspace returns the subspace spanned by the first k columns of the d×d
// orthogonal matrix Q; the remaining d − k columns span its complement. The
// columns are copied. NewSubspace does not check that Q is orthogonal.
//
// NewSubspace panics if Q is not square or k is not in [0, d].
func NewSubspace(q *mat.Dense, k int) *Subspace {
	d, c := q.Dims()
	if d != c {
		panic("datasets: basis matrix Q is not square")
	}
	if k < 0 || k > d {
		panic("datasets: subspace dimension out of range [0, d]")
	}
	s := &Subspace{}
	if k > 0 {
		s.Basis = mat.DenseCopyOf(q.Slice(0, d, 0, k))
	}
	if k < d {
		s.Complement = mat.DenseCopyOf(q.Slice(0, d, k, d))
	}
	return s
}

// Dims returns the ambient dimension d and the dimension k = d − ℓ of P.
func (s *Subspace) Dims() (d, k int) {
	if s.Basis != nil {
		d, k = s.Basis.Dims()
		return d, k
	}
	if s.Complement != nil {
		d, _ = s.Complement.Dims()
	}
	return d, 0
}

// Codim returns the codimension ℓ = d − k of P.
func (s *Subspace) Codim() int {
	d, k := s.Dims()
	return d - k
}

// Project stores the projections P x_i of the rows of the n×d matrix X in
// the rows of dst and returns dst. A nil dst is allocated and an empty one
// resized; any other dst must be n×d and may be X itself. Project panics on
// a shape mismatch.
func (s *Subspace) Project(dst *mat.Dense, X mat.Matrix) *mat.Dense {
	d, _ := s.Dims()
	return project(dst, X, s.Basis, d, "Project")
}

// ProjectPerp stores the projections P⊥ x_i of the rows of the n×d matrix X
// in the rows of dst and returns dst. A nil dst is allocated and an empty
// one resized; any other dst must be n×d and may be X itself. ProjectPerp
// panics on a shape mismatch.
func (s *Subspace) ProjectPerp(dst *mat.Dense, X mat.Matrix) *mat.Dense {
	d, _ := s.Dims()
	return project(dst, X, s.Complement, d, "ProjectPerp")
}

func project(dst *mat.Dense, X mat.Matrix, q *mat.Dense, d int, name string) *mat.Dense {
	n, c := X.Dims()
	if c != d {
		panic("datasets: " + name + ": input has wrong number of columns")
	}
	dst = subspaceDst(dst, n, d, name)
	if q == nil {
		dst.Zero()
		return dst
	}
	var coef mat.Dense
	coef.Mul(X, q)
	dst.Mul(&coef, q.T())
	return dst
}

// subspaceDst returns the n×d destination dst: allocated if nil, resized
// if empty. It panics if dst has another shape.
func subspaceDst(dst *mat.Dense, n, d int, name string) *mat.Dense {
	switch {
	case dst == nil:
		return mat.NewDense(n, d, nil)
	case dst.IsEmpty():
		dst.ReuseAs(n, d)
		return dst
	}
	if r, c := dst.Dims(); r != n || c != d {
		panic("datasets: " + name + ": destination has wrong shape")
	}
	return dst
}

// Embed stores the points x_i = U c_i for the rows c_i of the n×k matrix of
// coordinates C in the rows of dst (n×d) and returns dst. A nil dst is
// allocated and an empty one resized. Embed panics on a shape mismatch.
func (s *Subspace) Embed(dst *mat.Dense, C mat.Matrix) *mat.Dense {
	d, dk := s.Dims()
	n, k := C.Dims()
	if k != dk {
		panic("datasets: Embed: coordinates have wrong number of columns")
	}
	dst = subspaceDst(dst, n, d, "Embed")
	if s.Basis == nil {
		dst.Zero()
		return dst
	}
	dst.Mul(C, s.Basis.T())
	return dst
}

// Gaussian returns n points x = U c on P with c ~ N(0, σ²/k · I_k), so that
// E‖x‖² = σ². It panics if n < 1, σ ≤ 0 or P = {0}.
func (s *Subspace) Gaussian(n int, sigma float64, rnd *rand.Rand) *mat.Dense {
	if n < 1 {
		panic("datasets: Gaussian: n < 1")
	}
	if !(sigma > 0) {
		panic("datasets: Gaussian: σ ≤ 0")
	}
	_, k := s.Dims()
	if k == 0 {
		panic("datasets: Gaussian: subspace is {0}")
	}
	c := mat.NewDense(n, k, nil)
	raw := c.RawMatrix()
	sd := sigma / math.Sqrt(float64(k))
	for i := range raw.Data {
		raw.Data[i] = sd * rnd.NormFloat64()
	}
	return s.Embed(nil, c)
}

// ErrZeroLabel is returned by SignLabels when a labelling function returns
// exactly zero, so the sign is undefined.
var ErrZeroLabel = errors.New("datasets: labelling function returned 0")

// SignLabels labels the rows of X by the sign of a real function computed on
// the whole batch, y_i = sign f(x_i) ∈ {−1, +1}. f has the signature of
// relu.Net.Forward, so a teacher network labels data with
//
//	y, err := datasets.SignLabels(teacher.Forward, X)
//
// It returns an error wrapping ErrZeroLabel if f(x_i) = 0 for some i, and
// one wrapping ErrNotFinite if some f(x_i) is NaN or infinite. It panics if f does not return n
// values.
func SignLabels(f func(dst []float64, X mat.Matrix) []float64, X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	y := f(make([]float64, n), X)
	if len(y) != n {
		panic("datasets: SignLabels: f returned the wrong number of values")
	}
	for i, v := range y {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return nil, fmt.Errorf("datasets: SignLabels: f(x_%d) = %v: %w", i, v, ErrNotFinite)
		case v > 0:
			y[i] = 1
		case v < 0:
			y[i] = -1
		default:
			return nil, fmt.Errorf("%w at row %d", ErrZeroLabel, i)
		}
	}
	return y, nil
}

// RandomLabels returns n labels drawn independently and uniformly from
// {−1, +1}. It panics if n < 0.
func RandomLabels(n int, rnd *rand.Rand) []float64 {
	if n < 0 {
		panic("datasets: RandomLabels: n < 0")
	}
	y := make([]float64, n)
	for i := range y {
		y[i] = 1
		if rnd.IntN(2) == 0 {
			y[i] = -1
		}
	}
	return y
}

// Clusters returns n points on P in k Gaussian clusters with labels in
// {−1, +1}. The centres μ_c are drawn uniformly on the unit sphere of P,
// cluster c gets label +1 for even c and −1 for odd c, point i belongs to
// cluster i mod k and is x_i = μ_c + U z with z ~ N(0, σ²/dim P · I).
//
// Clusters panics if n < 1, k < 1, σ < 0 or P = {0}.
func (s *Subspace) Clusters(n, k int, sigma float64, rnd *rand.Rand) (*mat.Dense, []float64) {
	if n < 1 || k < 1 {
		panic("datasets: Clusters: n < 1 or k < 1")
	}
	if !(sigma >= 0) {
		panic("datasets: Clusters: σ < 0")
	}
	_, dim := s.Dims()
	if dim == 0 {
		panic("datasets: Clusters: subspace is {0}")
	}
	centres := mat.NewDense(k, dim, nil)
	for c := 0; c < k; c++ {
		row := centres.RawRowView(c)
		var nrm float64
		for nrm == 0 {
			for j := range row {
				row[j] = rnd.NormFloat64()
			}
			nrm = floats.Norm(row, 2)
		}
		for j := range row {
			row[j] /= nrm
		}
	}
	coords := mat.NewDense(n, dim, nil)
	y := make([]float64, n)
	sd := sigma / math.Sqrt(float64(dim))
	for i := 0; i < n; i++ {
		c := i % k
		y[i] = 1
		if c%2 == 1 {
			y[i] = -1
		}
		row := coords.RawRowView(i)
		mu := centres.RawRowView(c)
		for j := range row {
			row[j] = mu[j] + sd*rnd.NormFloat64()
		}
	}
	return s.Embed(nil, coords), y
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Projector is the orthogonal projection onto a linear subspace S ⊂ R^d,
// given by a d×k matrix Q with orthonormal columns: either S = span Q
//
//	Π x = Q Qᵀ x            (Onto)
//
// or its orthogonal complement
//
//	Π x = x − Q Qᵀ x        (OntoComplement).
//
// Use whichever form has the smaller k: with datasets.Subspace s, the
// projection onto P is Onto(s.Basis) or OntoComplement(s.Complement), onto
// P⊥ it is Onto(s.Complement) or OntoComplement(s.Basis).
//
// A nil *Projector is the identity (unrestricted perturbations). Q is not
// copied and must not change while the Projector is in use; orthonormality
// of its columns is not checked.
type Projector struct {
	q    *mat.Dense
	perp bool
}

// Onto returns the projection onto the span of the columns of q (d×k,
// orthonormal). A nil q, or one with no columns, gives the projection onto
// {0}.
func Onto(q *mat.Dense) *Projector { return &Projector{q: q} }

// OntoComplement returns the projection onto the orthogonal complement of
// the span of the columns of q (d×k, orthonormal). A nil q gives the
// identity.
func OntoComplement(q *mat.Dense) *Projector { return &Projector{q: q, perp: true} }

// rank returns the dimension of the range of Π in R^d.
func (p *Projector) rank(d int) int {
	if p == nil {
		return d
	}
	k := 0
	if p.q != nil && !p.q.IsEmpty() {
		_, k = p.q.Dims()
	}
	if p.perp {
		return d - k
	}
	return k
}

// Project stores Π x_i for every row x_i of the n×d matrix X in the rows of
// dst and returns it. A nil dst is allocated and an empty one resized; any
// other dst must be n×d and may be X itself. A nil p copies X. Project
// panics on a shape mismatch, including a basis without d rows.
func (p *Projector) Project(dst *mat.Dense, X mat.Matrix) *mat.Dense {
	n, d := X.Dims()
	dst = ensureDst(dst, n, d)
	if dst != X {
		dst.Copy(X)
	}
	p.apply(dst, nil)
	return dst
}

// apply overwrites the rows of x with their projections. coef is an n×k
// scratch matrix or nil.
func (p *Projector) apply(x *mat.Dense, coef *mat.Dense) *mat.Dense {
	if p == nil {
		return coef
	}
	n, d := x.Dims()
	if p.q == nil || p.q.IsEmpty() {
		if !p.perp {
			x.Zero()
		}
		return coef
	}
	qd, k := p.q.Dims()
	if qd != d {
		panic("adversarial: projector basis has wrong number of rows")
	}
	if coef == nil {
		coef = mat.NewDense(n, k, nil)
	} else if r, c := coef.Dims(); r != n || c != k {
		coef = mat.NewDense(n, k, nil)
	}
	coef.Mul(x, p.q)
	beta := 0.0
	alpha := 1.0
	if p.perp {
		alpha, beta = -1, 1
	}
	blas64.Gemm(blas.NoTrans, blas.Trans, alpha, coef.RawMatrix(), p.q.RawMatrix(), beta, x.RawMatrix())
	return coef
}

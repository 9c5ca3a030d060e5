// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
	"github.com/relulab/relulab/linalg"
)

// TestPartialSpectrumOnHessians checks InertiaOf, SmallestEigenvalues and the
// eigenvectors of EigenSym on real Hessians of the teacher–student loss
// (V = I_d): at the global minimum W = V, where the Hessian is positive
// semidefinite with exactly-zero directions, at a permuted copy of V, at
// a generic point near V, at the degenerate minimum of k + 1 neurons and
// at a small random student (indefinite).
func TestPartialSpectrumOnHessians(t *testing.T) {
	t.Parallel()
	for _, kd := range []int{6, 15} {
		v := mat.NewDense(kd, kd, nil)
		for i := range kd {
			v.Set(i, i, 1)
		}
		rnd := rand.New(rand.NewPCG(uint64(kd), 5))
		perm := mat.NewDense(kd, kd, nil)
		for i, p := range rnd.Perm(kd) {
			perm.Set(i, p, 1)
		}
		near := mat.DenseCopyOf(v)
		near.Apply(func(_, _ int, x float64) float64 { return x + 0.3*rnd.NormFloat64() }, near)
		small := mat.NewDense(kd, kd, nil)
		small.Apply(func(_, _ int, _ float64) float64 { return 0.05 * rnd.NormFloat64() }, small)
		for name, w := range map[string]*mat.Dense{
			"minimum": v, "permuted": perm, "near": near,
			// Degenerate and indefinite: the global minimum of k + 1
			// neurons, neuron 1 split in halves (positive semidefinite
			// with d zero eigenvalues), and a small random student
			// (mostly negative eigenvalues).
			"split": landscape.SplitNeuron(v, 0, 0.5), "small": small,
		} {
			t.Run(fmt.Sprintf("k=d=%d/%s", kd, name), func(t *testing.T) {
				var h mat.SymDense
				landscape.Hessian(&h, w, v)
				n := h.SymmetricDim()
				eig, err := linalg.EigenSym(&h, true)
				if err != nil {
					t.Fatal(err)
				}
				hnorm := max(math.Abs(eig.Values[0]), math.Abs(eig.Values[n-1]))
				// Zero threshold far above rounding (n·ε·‖H‖ ≈ 1e-13·‖H‖)
				// and below the smallest nonzero |λ| of these Hessians.
				tol := 1e-8 * hnorm
				var want linalg.Inertia
				for _, l := range eig.Values {
					switch {
					case l < -tol:
						want.Neg++
					case l > tol:
						want.Pos++
					default:
						want.Zero++
					}
					if a := math.Abs(l); a > tol/100 && a < tol*100 {
						t.Skipf("eigenvalue %v too close to the threshold %v for a stable count", l, tol)
					}
				}
				got, err := linalg.InertiaOf(&h, tol)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("InertiaOf = %+v, from EigenSym %+v", got, want)
				}
				lmin, in, err := linalg.MinEigenInertia(&h, tol)
				if err != nil {
					t.Fatal(err)
				}
				if in != want {
					t.Errorf("MinEigenInertia: inertia %+v, from EigenSym %+v", in, want)
				}
				// The accuracy requirement: 1e-12 relative to ‖H‖.
				if math.Abs(lmin-eig.Values[0]) > 1e-12*hnorm {
					t.Errorf("MinEigenInertia: λ_min = %v, EigenSym %v", lmin, eig.Values[0])
				}
				small, err := linalg.SmallestEigenvalues(&h, 3)
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range small {
					// Lanczos's residual tolerance 1e-10·‖H‖ bounds the error.
					if math.Abs(l-eig.Values[i]) > 1e-10*hnorm {
						t.Errorf("λ_%d = %v, EigenSym %v", i+1, l, eig.Values[i])
					}
				}
				// ‖HQ − QΛ‖ and ‖QᵀQ − I‖ within 30·n·ε, LAPACK's threshold.
				q := eig.Vectors
				var hq, ql, qtq mat.Dense
				hq.Mul(&h, q)
				ql.Apply(func(_, j int, x float64) float64 { return x * eig.Values[j] }, q)
				hq.Sub(&hq, &ql)
				eps := 0x1p-52
				if r := mat.Norm(&hq, 1) / (float64(n) * eps * mat.Norm(&h, 1)); r > 30 {
					t.Errorf("‖HQ − QΛ‖₁/(n·ε·‖H‖₁) = %.3g", r)
				}
				qtq.Mul(q.T(), q)
				for i := range n {
					qtq.Set(i, i, qtq.At(i, i)-1)
				}
				if r := mat.Norm(&qtq, 1) / (float64(n) * eps); r > 30 {
					t.Errorf("‖QᵀQ − I‖₁/(n·ε) = %.3g", r)
				}
			})
		}
	}
}

// BenchmarkPartialSpectrumHessian times MinEigenInertia against all
// eigenvalues (EigenSym without vectors) on Hessians of the teacher–student
// loss with k = d = 50 (n = 2500) and V = I: at the global minimum W = V
// (positive definite, few distinct eigenvalues) and at a generic point
// W = V + 0.3·N(0, 1) near it (positive definite, clustered spectrum), and
// at the degenerate global minimum of a student with k + 1 neurons, neuron 1
// of V split in halves (2550×2550, positive semidefinite with 50 zero
// eigenvalues: both Cholesky factorizations stop near the end, and
// Bunch–Kaufman factors the small Schur complements), and at a small random
// student W = 0.05·N(0, 1) (2450 negative eigenvalues, λ₂ − λ₁ = 1.3e-5·‖H‖:
// Lanczos on H does not converge, and a Cholesky factorization just below
// its Ritz value separates λ₁).
func BenchmarkPartialSpectrumHessian(b *testing.B) {
	const kd = 50
	v := mat.NewDense(kd, kd, nil)
	for i := range kd {
		v.Set(i, i, 1)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	near := mat.DenseCopyOf(v)
	near.Apply(func(_, _ int, x float64) float64 { return x + 0.3*rnd.NormFloat64() }, near)
	small := mat.NewDense(kd, kd, nil)
	small.Apply(func(_, _ int, _ float64) float64 { return 0.05 * rnd.NormFloat64() }, small)
	for _, c := range []struct {
		name string
		w    *mat.Dense
	}{{"minimum", v}, {"near", near}, {"split", landscape.SplitNeuron(v, 0, 0.5)}, {"small", small}} {
		var h mat.SymDense
		landscape.Hessian(&h, c.w, v)
		// Threshold 1e-8·‖H‖, as in TestPartialSpectrumOnHessians.
		tol := 1e-8 * mat.Norm(&h, 2)
		b.Run(fmt.Sprintf("k=d=%d/%s/inertia+min", kd, c.name), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := linalg.MinEigenInertia(&h, tol); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("k=d=%d/%s/values", kd, c.name), func(b *testing.B) {
			for b.Loop() {
				if _, err := linalg.EigenSym(&h, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

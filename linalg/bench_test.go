// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package linalg_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/relulab/relulab/linalg"
)

// BenchmarkEigenSym times the peers' eigvalsh ("values") and eigh
// ("vectors") workloads (shared/peers/README.md §4): A = (B + Bᵀ)/2 with B
// n×n of i.i.d. N(0,1) entries, built outside the timer.
func BenchmarkEigenSym(b *testing.B) {
	for _, n := range []int{500, 1000, 2000, 2500} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			a := randSym(rand.New(rand.NewPCG(1, uint64(n))), n)
			for _, vectors := range []bool{false, true} {
				name := "values"
				if vectors {
					name = "vectors"
				}
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if _, err := linalg.EigenSym(a, vectors); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkInertia times the classification of a critical point from its
// Hessian: SpectrumOf (values only) followed by Verdict, on the same random
// matrices as BenchmarkEigenSym.
func BenchmarkInertia(b *testing.B) {
	for _, n := range []int{500, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			a := randSym(rand.New(rand.NewPCG(1, uint64(n))), n)
			for b.Loop() {
				s, err := linalg.SpectrumOf(a, linalg.Tolerance{})
				if err != nil {
					b.Fatal(err)
				}
				s.Verdict()
			}
		})
	}
}

// BenchmarkLanczos times the smallest eigenpair of the same random matrices
// given as a matrix–vector product, the Hessian-vector-product use case.
func BenchmarkLanczos(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprintf("n=%d/k=1", n), func(b *testing.B) {
			a := randSym(rand.New(rand.NewPCG(1, uint64(n))), n)
			op := symOp(a)
			for b.Loop() {
				if _, err := linalg.Lanczos(n, op, 1, linalg.Smallest, &linalg.LanczosSettings{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

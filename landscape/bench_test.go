// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// The benchmarks do the work of the peers' workloads (shared/peers/README.md
// §1–3): k = d, W with i.i.d. N(0, 1/k) entries, V = I_d passed as a general
// dense matrix (ŴV̂ᵀ is a real GEMM), the W-independent teacher constant
// computed once outside the timing (NewProblem).

var sinkF float64

// BenchmarkPopGrad times one loss + gradient evaluation (popgrad).
func BenchmarkPopGrad(b *testing.B) {
	for _, k := range []int{20, 100, 500} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, uint64(k)))
			W := randn(k, k, 1/math.Sqrt(float64(k)), rng)
			p, err := landscape.NewProblem(eye(k), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			ws := landscape.NewWorkspace(p, k)
			g := mat.NewDense(k, k, nil)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f, err := ws.LossGrad(g, W)
				if err != nil {
					b.Fatal(err)
				}
				sinkF += f
			}
		})
	}
}

// BenchmarkPopHess times one dense (kd)×(kd) Hessian (pophess).
func BenchmarkPopHess(b *testing.B) {
	for _, k := range []int{10, 20, 50} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, uint64(k)))
			W := randn(k, k, 1/math.Sqrt(float64(k)), rng)
			p, err := landscape.NewProblem(eye(k), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			ws := landscape.NewWorkspace(p, k)
			h := mat.NewSymDense(k*k, nil)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := ws.Hessian(h, W); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSafranGD times one Safran–Shamir gradient-descent run (safran_gd):
// ‖∇F‖_F ≤ 1e-10 checked before every step, step 5/k, at most 200000 steps.
// Go cannot replay NumPy's random starts, so the iteration counts differ from
// the peers'; compare ns/iter. Operation i uses start i mod 5 (seeded).
func BenchmarkSafranGD(b *testing.B) {
	for _, k := range []int{6, 10, 20} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			p, err := landscape.NewProblem(eye(k), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			starts := make([]*mat.Dense, 5)
			for r := range starts {
				rng := rand.New(rand.NewPCG(1, uint64(100*k+r)))
				starts[r] = randn(k, k, 1/math.Sqrt(float64(k)), rng)
			}
			set := &landscape.Settings{GradTol: 1e-10, Step: 5 / float64(k), MaxIter: 200000}
			iters := 0
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				res, err := landscape.GradientDescent(context.Background(), p, starts[i%5], set)
				if err != nil {
					b.Fatal(err)
				}
				iters += res.Iterations
			}
			el := time.Since(start)
			b.ReportMetric(float64(iters)/float64(b.N), "iters/op")
			if iters > 0 {
				b.ReportMetric(float64(el.Nanoseconds())/float64(iters), "ns/iter")
			}
		})
	}
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
// To replay the peers' exact starts, write them with
// `safran_gd.py --dump-init DIR` and set RELULAB_SAFRAN_INIT=DIR: the
// iteration counts should then be the peers' ([414 414 360 333 392] at k = 6,
// …) and iters/op their mean when b.N is a multiple of 5.
func BenchmarkSafranGD(b *testing.B) {
	for _, k := range []int{6, 10, 20} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			p, err := landscape.NewProblem(eye(k), nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			starts := make([]*mat.Dense, 5)
			for r := range starts {
				if dir := os.Getenv("RELULAB_SAFRAN_INIT"); dir != "" {
					W, err := readStart(filepath.Join(dir, fmt.Sprintf("safran_gd_k%d_run%d.txt", k, r)), k)
					if err != nil {
						b.Fatal(err)
					}
					starts[r] = W
					continue
				}
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

// readStart reads a k×k start written by the peers' --dump-init (k rows of
// k numbers in %.17g format).
func readStart(path string, k int) (*mat.Dense, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fields := strings.Fields(string(b))
	if len(fields) != k*k {
		return nil, fmt.Errorf("%s: %d numbers, want %d", path, len(fields), k*k)
	}
	data := make([]float64, k*k)
	for i, f := range fields {
		if data[i], err = strconv.ParseFloat(f, 64); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	return mat.NewDense(k, k, data), nil
}

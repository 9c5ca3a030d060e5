// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/relulab/relulab/relu"
)

// BenchmarkTrainStep is the train_step workload of shared/peers: one
// full-batch GD step (forward, loss, gradient, in-place update) of the NTK
// network with only W trained, square loss, n = d = 1000, learning rate 1e-3.
func BenchmarkTrainStep(b *testing.B) {
	const n, d = 1000, 1000
	for _, m := range []int{1024, 4096} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			rnd := rand.New(rand.NewPCG(1, 1))
			X := sphere(rnd, n, d)
			y := gaussian(rnd, n)
			net := relu.NewNTK(m, d, rnd)
			tr := relu.Trainer{LearningRate: 1e-3, Layers: relu.LayerW}
			if _, err := tr.Step(net, X, y); err != nil { // warm the buffers
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := tr.Step(net, X, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGram is the gram workload of shared/peers: build H∞ of n unit
// points in d = 100 and take λ_min from all eigenvalues (n=…), and, as an
// extra, the same λ_min by Cholesky and Lanczos on H⁻¹ (n=…-pd).
func BenchmarkGram(b *testing.B) {
	const d = 100
	for _, n := range []int{1000, 4000} {
		rnd := rand.New(rand.NewPCG(1, 1))
		X := sphere(rnd, n, d)
		for _, suffix := range []string{"", "-pd"} {
			b.Run(fmt.Sprintf("n=%d%s", n, suffix), func(b *testing.B) {
				lm := relu.LambdaMin
				if suffix == "-pd" {
					lm = relu.LambdaMinPD
				}
				for b.Loop() {
					H := relu.GramInf(nil, X)
					if _, err := lm(H); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

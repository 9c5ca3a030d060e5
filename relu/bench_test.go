// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

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
// points in d = 100 and take its λ_min from all eigenvalues (LambdaMin).
func BenchmarkGram(b *testing.B) {
	const d = 100
	sizes := []int{1000, 4000}
	data := make(map[int]*mat.Dense)
	for _, n := range sizes {
		data[n] = sphere(rand.New(rand.NewPCG(1, 1)), n, d)
	}
	bench := func(lm func(mat.Symmetric) (float64, error)) func(b *testing.B) {
		return func(b *testing.B) {
			for _, n := range sizes {
				X := data[n]
				b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
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
	bench(relu.LambdaMin)(b)
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package adversarial

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/relu"
)

// peerAttackSetup builds the network and batch of the peers' pgd_l2 and
// input_grad workloads (shared/peers/README.md §7): m = d = 1000, n = 10000,
// W ~ N(0, 1/d), b ~ N(0, 1), u ~ N(0, 1/m), X ~ N(0, 1), labels sign N(X).
func peerAttackSetup() (*relu.Net, *mat.Dense, []float64) {
	const n, d, m = 10000, 1000, 1000
	rnd := rand.New(rand.NewPCG(1, 1))
	W := mat.NewDense(m, d, nil)
	for i := range W.RawMatrix().Data {
		W.RawMatrix().Data[i] = rnd.NormFloat64() / math.Sqrt(d)
	}
	net := &relu.Net{W: W, B: make([]float64, m), A: make([]float64, m), Scale: 1}
	for r := range net.B {
		net.B[r] = rnd.NormFloat64()
	}
	for r := range net.A {
		net.A[r] = rnd.NormFloat64() / math.Sqrt(m)
	}
	X := mat.NewDense(n, d, nil)
	for i := range X.RawMatrix().Data {
		X.RawMatrix().Data[i] = rnd.NormFloat64()
	}
	return net, X, labelsOf(net, X)
}

// BenchmarkInputGrad times one forward and input-gradient pass over the
// batch: the peers' input_grad workload.
func BenchmarkInputGrad(b *testing.B) {
	net, X, _ := peerAttackSetup()
	n, d := X.Dims()
	G := mat.NewDense(n, d, nil)
	f := make([]float64, n)
	var w Workspace
	if _, _, err := w.InputGrad(G, f, net, X); err != nil { // grow the workspace
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		w.InputGrad(G, f, net, X)
	}
}

// BenchmarkPGDL2 times the 20-step PGD-L2 attack with logistic loss,
// α = 0.25, ε = 1 and no random start: the peers' pgd_l2 workload.
func BenchmarkPGDL2(b *testing.B) {
	net, X, y := peerAttackSetup()
	n, d := X.Dims()
	dst := mat.NewDense(n, d, nil)
	a := &PGD{Eps: 1, Alpha: 0.25, Steps: 1}
	if _, err := a.Attack(dst, net, X, y); err != nil { // warm-up, as the peers do, and buffer growth
		b.Fatal(err)
	}
	a.Steps = 20
	b.ResetTimer()
	for b.Loop() {
		a.Attack(dst, net, X, y)
	}
	b.StopTimer()
	b.ReportMetric(float64(flipped(net, dst, y))/float64(n), "flipped")
}

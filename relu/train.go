// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ErrDiverged is returned (wrapped, with the step) when training produces a
// NaN or infinite loss.
var ErrDiverged = errors.New("relu: training diverged")

// ErrStop may be returned by a Trainer's Observer to end training early
// without error; the Result then reports StopObserver.
var ErrStop = errors.New("relu: stop requested by observer")

// StopReason says why training ended.
type StopReason int

// The reasons training ends.
const (
	StopMaxSteps StopReason = iota // MaxSteps updates were made
	StopLoss                       // the loss fell to LossTol or below
	StopMargin                     // the margin reached MarginTol
	StopObserver                   // the Observer returned ErrStop
)

// String returns the name of the reason.
func (r StopReason) String() string {
	switch r {
	case StopMaxSteps:
		return "max steps"
	case StopLoss:
		return "loss tolerance"
	case StopMargin:
		return "margin tolerance"
	case StopObserver:
		return "observer"
	}
	return fmt.Sprintf("StopReason(%d)", int(r))
}

// State is what a Trainer's Observer sees at each step, before the step's
// update. Its matrices and slices are owned by the trainer and are only
// valid during the call; the Observer must not modify them or the network.
type State struct {
	// Step is the number of updates made so far (0 at initialization).
	Step int
	// Loss is the loss of the current batch at the current parameters
	// (the whole data set for full-batch GD), a sum or a mean as the
	// Trainer's Mean says; it does not include weight decay.
	Loss float64
	// Margin is min_i y_i f(x_i) over the current batch.
	Margin float64
	// Net is the network being trained.
	Net *Net
	// Preactivations is the batch×m matrix Z = X Wᵀ + 1bᵀ of the current
	// batch, Outputs the network outputs f(x_i), and Batch the indices of
	// the batch's rows in the data (nil for full-batch GD).
	Preactivations *mat.Dense
	Outputs        []float64
	Batch          []int
}

// Record is one row of a training history.
type Record struct {
	Step   int     // number of updates made before this record
	Loss   float64 // batch loss, as in State
	Margin float64 // batch margin, as in State
}

// Result summarizes a training run.
type Result struct {
	Steps  int        // number of updates made
	Loss   float64    // loss on the whole data set at the final parameters
	Margin float64    // min_i y_i f(x_i) on the whole data set at the final parameters
	Stop   StopReason // why training ended
	// History has one record per step and, last, one of the whole data set
	// at the final parameters (Step = Steps, Loss and Margin as above).
	// For full-batch GD the records of the steps are of the whole data
	// set as well; for SGD they are of the step's minibatch.
	History []Record
}

// Trainer trains a Net by gradient descent on the loss of a data set (X, y):
// full-batch GD when BatchSize is 0 or at least n, otherwise minibatch SGD
// over shuffled epochs, whose stopping tolerances are checked on the whole
// data set at the start of every epoch and at the end. Each update is
//
//	θ ← θ − η (∇_θ L_batch + λ θ)
//
// for the parameter groups in Layers (the others stay frozen), where L_batch
// is the sum of the per-sample losses over the batch, or their mean if Mean
// is set, and λ is WeightDecay (the gradient of (λ/2)‖θ‖²).
//
// A Trainer keeps its buffers between calls, so repeated Train or Step
// calls of the same shapes do not allocate buffers (see Workspace). It must
// not be used by two goroutines at once.
type Trainer struct {
	// Loss is the per-sample loss; nil means Square.
	Loss Loss
	// LearningRate is the step size η > 0.
	LearningRate float64
	// WeightDecay is λ ≥ 0.
	WeightDecay float64
	// Layers are the trained parameter groups; zero means LayerW.
	Layers Layers
	// BatchSize is the minibatch size of SGD; 0 means full batch.
	BatchSize int
	// Mean makes the batch loss the mean of the per-sample losses
	// instead of their sum.
	Mean bool
	// MaxSteps is the largest number of updates, > 0.
	MaxSteps int
	// LossTol, if positive, stops training once the loss on the whole
	// data set is at most LossTol.
	LossTol float64
	// MarginTol, if StopOnMargin is set, stops training once the margin
	// min_i y_i f(x_i) on the whole data set is at least MarginTol.
	MarginTol    float64
	StopOnMargin bool
	// Observer, if non-nil, is called at every step before the update;
	// for full-batch GD also once more at the final parameters. An error
	// ends training: ErrStop ends it normally, any other error is returned.
	Observer func(*State) error
	// NoHistory disables recording Result.History.
	NoHistory bool
	// Rand shuffles the data for SGD; it must be non-nil when BatchSize < n.
	Rand *rand.Rand

	ws   Workspace
	full Workspace
	// g holds the gradients of b and a. The gradient of W is never
	// stored when the batch is a *mat.Dense: update multiplies Dᵀ·X
	// (D left in ws by lossGrad) straight into W. gw holds it for other
	// matrix types.
	g      Grad
	trainW bool
	gw     mat.Dense
	xb     mat.Dense
	yb     []float64
	perm   []int
}

func (t *Trainer) loss() Loss {
	if t.Loss == nil {
		return Square{}
	}
	return t.Loss
}

func (t *Trainer) layers() Layers {
	if t.Layers == 0 {
		return LayerW
	}
	return t.Layers
}

// prepare checks the settings and shapes the gradient buffers for net.
func (t *Trainer) prepare(net *Net) {
	net.check()
	if !(t.LearningRate > 0) || math.IsInf(t.LearningRate, 0) {
		panic("relu: learning rate must be positive and finite")
	}
	if !(t.WeightDecay >= 0) || math.IsInf(t.WeightDecay, 0) {
		panic("relu: weight decay must be non-negative and finite")
	}
	ly := t.layers()
	if ly&LayerB != 0 && net.B == nil {
		panic("relu: training biases of a network without biases")
	}
	m, _ := net.W.Dims()
	t.trainW = ly&LayerW != 0
	t.g.W = nil
	t.g.B = shapeVec(t.g.B, m, ly&LayerB != 0)
	t.g.A = shapeVec(t.g.A, m, ly&LayerA != 0)
	t.g.X = nil
}

func shapeVec(v []float64, m int, on bool) []float64 {
	if !on {
		return nil
	}
	return resize(v, m)
}

// Step makes one update of net on the batch (X, y) and returns the batch
// loss before the update (a sum or a mean as Mean says, without weight
// decay). If the loss is not finite, Step returns an error wrapping both
// ErrDiverged and ErrNotFinite that names the cause (see LossGrad), and
// leaves net unchanged. It panics on shape mismatches or invalid settings.
func (t *Trainer) Step(net *Net, X mat.Matrix, y []float64) (float64, error) {
	t.prepare(net)
	L, err := net.lossGrad(&t.g, t.loss(), X, y, &t.ws, t.trainW)
	if err != nil {
		return L, fmt.Errorf("%w: %w", ErrDiverged, err)
	}
	nb := len(y)
	if t.Mean {
		L /= float64(nb)
	}
	t.update(net, X, nb)
	return L, nil
}

// update applies θ ← (1 − ηλ) θ − η' g with η' = η or η/nb (Mean), for
// the batch X of nb rows whose D the last lossGrad left in t.ws. For W this
// is one product, W ← (1 − ηλ)·W − η'·Dᵀ·X, without storing ∂L/∂W.
func (t *Trainer) update(net *Net, X mat.Matrix, nb int) {
	eta := t.LearningRate
	step := eta
	if t.Mean {
		step /= float64(nb)
	}
	decay := 1 - eta*t.WeightDecay
	if t.trainW {
		w := net.W.RawMatrix()
		if xd, ok := X.(*mat.Dense); ok {
			blas64.Gemm(blas.Trans, blas.NoTrans, -step, t.ws.d.RawMatrix(), xd.RawMatrix(), decay, w)
		} else {
			if r, c := t.gw.Dims(); r != w.Rows || c != w.Cols {
				t.gw.Reset() // Mul allocates it once
			}
			t.gw.Mul(t.ws.d.T(), X)
			g := t.gw.RawMatrix()
			for i := 0; i < w.Rows; i++ {
				wr := w.Data[i*w.Stride : i*w.Stride+w.Cols]
				if decay != 1 {
					floats.Scale(decay, wr)
				}
				floats.AddScaled(wr, -step, g.Data[i*g.Stride:i*g.Stride+g.Cols])
			}
		}
	}
	if t.g.B != nil {
		if decay != 1 {
			floats.Scale(decay, net.B)
		}
		floats.AddScaled(net.B, -step, t.g.B)
	}
	if t.g.A != nil {
		if decay != 1 {
			floats.Scale(decay, net.A)
		}
		floats.AddScaled(net.A, -step, t.g.A)
	}
}

// Train trains net in place on the n×d data X with labels y, as the
// Trainer's settings say, until MaxSteps updates, a stopping tolerance, an
// Observer's ErrStop, or cancellation of ctx.
//
// Train returns an error, together with the Result so far, if X or y holds
// NaN or ±Inf or is empty (wrapping ErrNotFinite or naming the problem), if
// the loss becomes NaN or ±Inf (wrapping ErrDiverged and ErrNotFinite,
// naming the step and the cause as LossGrad does), if
// ctx is cancelled (wrapping ctx.Err(), naming the step) or if the Observer
// returns an error other than ErrStop. It panics if the shapes of X, y and
// net do not match, or on invalid settings (LearningRate ≤ 0, WeightDecay
// < 0, MaxSteps ≤ 0, SGD without Rand, training biases of a network without
// biases).
func (t *Trainer) Train(ctx context.Context, net *Net, X mat.Matrix, y []float64) (*Result, error) {
	t.prepare(net)
	if t.MaxSteps <= 0 {
		panic("relu: MaxSteps must be positive")
	}
	n, d := X.Dims()
	if _, wd := net.W.Dims(); wd != d {
		panic("relu: input dimension mismatch")
	}
	if len(y) != n {
		panic("relu: label length mismatch")
	}
	if err := CheckData(X, y); err != nil {
		return &Result{}, err
	}
	if t.BatchSize > 0 && t.BatchSize < n {
		if t.Rand == nil {
			panic("relu: SGD needs a non-nil Rand")
		}
		return t.trainSGD(ctx, net, X, y)
	}
	return t.trainGD(ctx, net, X, y)
}

// CheckData returns an error naming the first NaN or ±Inf entry of X (in
// row-major order), or else of y (wrapping ErrNotFinite), or saying that the
// data set is empty. It panics if y's length is not X's number of rows.
func CheckData(X mat.Matrix, y []float64) error {
	n, d := X.Dims()
	if len(y) != n {
		panic("relu: label length mismatch")
	}
	if n == 0 || d == 0 {
		return errors.New("relu: empty data set")
	}
	if at, ok := firstNonFinite(X); ok {
		return fmt.Errorf("relu: X%s: %w", at, ErrNotFinite)
	}
	for i, v := range y {
		if !isFinite(v) {
			return fmt.Errorf("relu: y[%d] = %v: %w", i, v, ErrNotFinite)
		}
	}
	return nil
}

func (t *Trainer) trainGD(ctx context.Context, net *Net, X mat.Matrix, y []float64) (*Result, error) {
	n := len(y)
	res := &Result{}
	st := State{Net: net}
	for k := 0; ; k++ {
		res.Steps = k
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("relu: training cancelled at step %d: %w", k, err)
		}
		g := &t.g
		last := k == t.MaxSteps
		if last {
			g = nil
		}
		L, err := net.lossGrad(g, t.loss(), X, y, &t.ws, t.trainW && !last)
		if err != nil {
			return res, fmt.Errorf("%w at step %d: %w", ErrDiverged, k, err)
		}
		if t.Mean {
			L /= float64(n)
		}
		mg := minMargin(t.ws.f, y)
		res.Loss, res.Margin = L, mg
		if !t.NoHistory {
			res.History = append(res.History, Record{Step: k, Loss: L, Margin: mg})
		}
		stop, reason := t.stopAt(L, mg, last)
		if t.Observer != nil {
			st.Step, st.Loss, st.Margin = k, L, mg
			st.Preactivations, st.Outputs = &t.ws.z, t.ws.f
			if err := t.Observer(&st); err != nil {
				if errors.Is(err, ErrStop) {
					res.Stop = StopObserver
					return res, nil
				}
				return res, err
			}
		}
		if stop {
			res.Stop = reason
			return res, nil
		}
		t.update(net, X, n)
	}
}

func (t *Trainer) stopAt(L, margin float64, last bool) (bool, StopReason) {
	switch {
	case t.LossTol > 0 && L <= t.LossTol:
		return true, StopLoss
	case t.StopOnMargin && margin >= t.MarginTol:
		return true, StopMargin
	case last:
		return true, StopMaxSteps
	}
	return false, 0
}

func (t *Trainer) trainSGD(ctx context.Context, net *Net, X mat.Matrix, y []float64) (*Result, error) {
	n, d := X.Dims()
	bs := t.BatchSize
	if cap(t.perm) < n {
		t.perm = make([]int, n)
	}
	t.perm = t.perm[:n]
	for i := range t.perm {
		t.perm[i] = i
	}
	t.yb = resize(t.yb, bs)
	res := &Result{}
	st := State{Net: net}
	k := 0
	// eval sets res.Loss and res.Margin to those of the whole data set.
	eval := func() error {
		L, err := net.LossGrad(nil, t.loss(), X, y, &t.full)
		if err != nil {
			return fmt.Errorf("%w at step %d: %w", ErrDiverged, k, err)
		}
		if t.Mean {
			L /= float64(n)
		}
		res.Loss, res.Margin = L, minMargin(t.full.f, y)
		return nil
	}
	// finish ends training at the final parameters, evaluated by eval, with
	// a last History record of the whole data set.
	finish := func(reason StopReason) (*Result, error) {
		res.Steps, res.Stop = k, reason
		if !t.NoHistory {
			res.History = append(res.History, Record{Step: k, Loss: res.Loss, Margin: res.Margin})
		}
		return res, nil
	}
	for {
		// The stopping tolerances, on the whole data set at each epoch start.
		if err := eval(); err != nil {
			return res, err
		}
		if stop, reason := t.stopAt(res.Loss, res.Margin, false); stop {
			return finish(reason)
		}
		t.Rand.Shuffle(n, func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		for lo := 0; lo < n; lo += bs {
			hi := min(lo+bs, n)
			nb := hi - lo
			res.Steps = k
			if err := ctx.Err(); err != nil {
				return res, fmt.Errorf("relu: training cancelled at step %d: %w", k, err)
			}
			if r, c := t.xb.Dims(); r != nb || c != d {
				// The last batch of an epoch may be smaller; Reset keeps
				// the storage, so this does not allocate after the first
				// epoch.
				t.xb.Reset()
				t.xb.ReuseAs(nb, d)
			}
			batch := t.perm[lo:hi]
			yb := t.yb[:nb]
			for b, i := range batch {
				mat.Row(t.xb.RawRowView(b), i, X)
				yb[b] = y[i]
			}
			L, err := net.lossGrad(&t.g, t.loss(), &t.xb, yb, &t.ws, t.trainW)
			if err != nil {
				return res, fmt.Errorf("%w at step %d: %w", ErrDiverged, k, err)
			}
			if t.Mean {
				L /= float64(nb)
			}
			mg := minMargin(t.ws.f, yb)
			if !t.NoHistory {
				res.History = append(res.History, Record{Step: k, Loss: L, Margin: mg})
			}
			if t.Observer != nil {
				st.Step, st.Loss, st.Margin = k, L, mg
				st.Preactivations, st.Outputs, st.Batch = &t.ws.z, t.ws.f, batch
				if err := t.Observer(&st); err != nil {
					if !errors.Is(err, ErrStop) {
						return res, err
					}
					if err := eval(); err != nil {
						return res, err
					}
					return finish(StopObserver)
				}
			}
			t.update(net, &t.xb, nb)
			k++
			if k == t.MaxSteps {
				if err := eval(); err != nil {
					return res, err
				}
				_, reason := t.stopAt(res.Loss, res.Margin, true)
				return finish(reason)
			}
		}
	}
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious

import (
	"errors"
	"fmt"

	"github.com/relulab/relulab/landscape"
)

// Config holds the settings of a sweep; its fields are the flags of
// examples/spurious.
type Config struct {
	// K lists the teacher sizes k (= d) (-k).
	K []int
	// Extra lists the extra student neurons ℓ, n = k + ℓ (-extra).
	Extra []int
	// Runs is the number of runs per (k, n) (-runs).
	Runs int
	// Seed is the base seed (-seed).
	Seed uint64
	// Workers is the number of runs at once; ≤ 0 means GOMAXPROCS
	// (-workers). Results do not depend on it.
	Workers int

	// JSON, if not empty, is the file to which the rows are written as
	// JSON lines (-json).
	JSON string
	// Checkpoint is the JSON-lines file recording every finished run
	// (-checkpoint); empty means JSON + ".ckpt.jsonl" when JSON is set
	// and no checkpoint otherwise. A directory (or a path ending in a
	// separator) means the file spurious-i-of-N.ckpt.jsonl in it for
	// shard i/N.
	Checkpoint string
	// Resume continues from an existing checkpoint (-resume).
	Resume bool
	// Shard is "", "i/N", "auto" or "auto/N" (sweep.ParseShard) (-shard).
	Shard string
	// Merge, if not empty, lists checkpoint files (or glob patterns) of
	// the shards of this sweep to merge instead of running (-merge).
	Merge []string
	// Plots, if not empty, is the directory for the PNG figure (-plots).
	Plots string
	// Progress draws a progress bar on stderr.
	Progress bool

	// Settings is the protocol of each run (landscape.SafranRun); the
	// zero value is Safran and Shamir's. DefaultConfig adds StopLoss =
	// DefaultStopLoss (-stoploss).
	Settings landscape.Settings

	// Getenv looks up the environment for Shard "auto"; nil means
	// os.Getenv.
	Getenv func(string) string
}

// DefaultStopLoss is the loss at which the example's runs stop gradient
// descent early (landscape.Settings.StopLoss, flag -stoploss): four orders
// of magnitude below the smallest spurious loss seen in the sweep (0.0107,
// a (19,1,1) minimum at k = 20, n = 21), so the runs stopped there are the
// ones that end at global minima anyway. On 1200 runs (k = 6, 8, …, 20,
// ℓ = 0, 1, 2, 50 runs each) every verdict was the same with and without
// it, and every spurious minimum the same point (its loss to 1e-9 and its
// type; only the types of global minima, points of a degenerate set, can
// differ), and the sweep took 18× less time: the runs that
// approach the degenerate global minima of over-parameterized students
// otherwise take nearly all of the 200000 steps. -stoploss 0 restores the
// papers' protocol exactly.
const DefaultStopLoss = 1e-6

// DefaultConfig returns the defaults of examples/spurious: the whole range
// of the paper, k = 6…20 and ℓ = 0, 1, 2, with 40 runs each, seed 1 and
// StopLoss = DefaultStopLoss: about 25 s on two cores. Its table shows
// the rise of the spurious fraction with k for ℓ = 0, far fewer with ℓ = 1
// and almost none with ℓ = 2. The paper-scale sweep is -runs 500.
func DefaultConfig() Config {
	return Config{K: seq(6, 20), Extra: []int{0, 1, 2}, Runs: 40, Seed: 1,
		Settings: landscape.Settings{StopLoss: DefaultStopLoss}}
}

// seq returns lo, lo+1, …, hi.
func seq(lo, hi int) []int {
	s := make([]int, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		s = append(s, k)
	}
	return s
}

// TourConfig returns a short version for examples/tour: k = 6, 8, …, 14,
// ℓ = 0, 1 and 12 runs each, about a second: the rise of the spurious
// fraction with k and its drop with one extra neuron.
func TourConfig() Config {
	return Config{K: []int{6, 8, 10, 12, 14}, Extra: []int{0, 1}, Runs: 12, Seed: 1,
		Settings: landscape.Settings{StopLoss: DefaultStopLoss}}
}

// validate returns an error describing the first invalid setting.
func (c *Config) validate() error {
	switch {
	case len(c.K) == 0:
		return errors.New("spurious: no teacher size k")
	case len(c.Extra) == 0:
		return errors.New("spurious: no extra neurons ℓ")
	case c.Runs < 1:
		return fmt.Errorf("spurious: %d runs", c.Runs)
	}
	seen := make(map[int]bool)
	for _, k := range c.K {
		if k < 1 || seen[k] {
			return fmt.Errorf("spurious: teacher sizes %v: want distinct k ≥ 1", c.K)
		}
		seen[k] = true
	}
	clear(seen)
	for _, l := range c.Extra {
		if l < 0 || seen[l] {
			return fmt.Errorf("spurious: extra neurons %v: want distinct ℓ ≥ 0", c.Extra)
		}
		seen[l] = true
	}
	return nil
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/relulab/relulab/landscape/sweep"
)

// BenchmarkRun measures the engine's overhead per job: 1000 synthetic jobs
// (a few dozen normal draws each) without and with a checkpoint.
func BenchmarkRun(b *testing.B) {
	p := plan(1, 1000/6+1)
	for _, ckpt := range []bool{false, true} {
		name := "checkpoint=off"
		if ckpt {
			name = "checkpoint=on"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				o := sweep.Options{}
				if ckpt {
					o.Checkpoint = filepath.Join(dir, "ckpt.jsonl")
					os.Remove(o.Checkpoint)
				}
				if _, err := sweep.Run(context.Background(), p, o, synthetic); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*p.Len()), "ns/job")
		})
	}
}

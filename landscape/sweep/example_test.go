// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/relulab/relulab/landscape/sweep"
)

// A sweep over (k, run) whose jobs each draw from their own generator.
// Its results do not depend on Workers.
func ExampleRun() {
	p := sweep.Plan{Seed: 1, Config: "dice"}
	for k := 2; k <= 3; k++ {
		for run := range 2 {
			p.Keys = append(p.Keys, sweep.Key{k, run})
		}
	}
	res, err := sweep.Run(context.Background(), p, sweep.Options{Workers: 3}, func(_ context.Context, j sweep.Job) (int, error) {
		return 1 + j.Rand().IntN(6), nil
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res {
		fmt.Println(r.Index, r.Key, r.Value)
	}
	// Output:
	// 0 (2,0) 5
	// 1 (2,1) 5
	// 2 (3,0) 3
	// 3 (3,1) 1
}

// Two shards, as two array tasks would run them, each with its own
// checkpoint, merged into the single-process result.
func ExampleMerge() {
	dir, err := os.MkdirTemp("", "sweep")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	p := sweep.Plan{Seed: 1, Config: "dice"}
	for k := 2; k <= 3; k++ {
		for run := range 2 {
			p.Keys = append(p.Keys, sweep.Key{k, run})
		}
	}
	roll := func(_ context.Context, j sweep.Job) (int, error) { return 1 + j.Rand().IntN(6), nil }
	var paths []string
	for _, spec := range []string{"0/2", "1/2"} {
		shard, err := sweep.ParseShard(spec, nil)
		if err != nil {
			log.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("shard%d.jsonl", shard.I))
		paths = append(paths, path)
		res, err := sweep.Run(context.Background(), p, sweep.Options{Shard: shard, Checkpoint: path}, roll)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("shard %v ran %d jobs\n", shard, len(res))
	}
	all, err := sweep.Merge[int](p, paths...)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range all {
		fmt.Println(r.Index, r.Key, r.Value)
	}
	// Output:
	// shard 0/2 ran 2 jobs
	// shard 1/2 ran 2 jobs
	// 0 (2,0) 5
	// 1 (2,1) 5
	// 2 (3,0) 3
	// 3 (3,1) 1
}

// In a Kubernetes Indexed Job with 4 completions, pod 2 runs shard 2/4.
func ExampleParseShard() {
	env := map[string]string{"JOB_COMPLETION_INDEX": "2"}
	shard, err := sweep.ParseShard("auto/4", func(k string) string { return env[k] })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(shard)
	// Output:
	// 2/4
}

// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package sweep runs large families of independent, seeded jobs (such as
// Safran and Shamir's many gradient-descent runs per student and teacher
// size) in parallel, deterministically, resumably and split across
// processes. It knows nothing about networks.
//
// # Plans, jobs and seeds
//
// A Plan lists the jobs' keys in a canonical order (job i has key
// Plan.Keys[i]; a key is a tuple of integers such as (k, n, run)), a base
// seed s and a Config string describing everything else that fixes the
// results. The seed of a job is a hash of s and its key alone,
//
//	Seed(s, k) = mix(…mix(mix(mix(s) ⊕ len(k)) ⊕ k₀)… ⊕ k_{len(k)−1}),
//
// with mix SplitMix64's step, so a job's random stream (Job.Rand, a PCG
// generator) is the same whatever the number of workers, GOMAXPROCS, the
// shard, interruptions and resumption, and whatever other jobs the plan
// holds. Run returns results in index order; a job function whose result
// depends only on its Job makes the whole sweep a function of the plan.
//
// # Checkpoints
//
// A checkpoint is a JSON-lines file. Its first line is a header naming the
// format, the plan's seed and Config verbatim, the SHA-256 of its keys, the
// number of jobs and the shard:
//
//	{"format":"relulab/sweep v1","seed":1,"config":"…","keys":"9f2c…","jobs":120,"shard":"0/1"}
//
// Each further line is one finished job, appended (one write) as soon as it
// finishes, with its index, key, seed and JSON-encoded value:
//
//	{"i":7,"key":[6,7,3],"seed":1234567890123,"value":{…}}
//
// A finished job is fsynced within Options.SyncInterval (one second by
// default), and the file when Run returns. Resuming reads the file, checks that the header matches the
// plan and shard (else ErrMismatch) and every record its job (else
// ErrCorrupt), skips the jobs recorded and runs the rest. A last line
// without its newline that does not parse is what a killed process leaves
// behind: it is cut off and its job is run again. Jobs are thus never lost
// and never recorded twice; a job interrupted by cancellation is simply
// unfinished.
//
// # Shards
//
// Shard i of N runs the jobs whose index j has j mod N = i, each shard with
// its own checkpoint; Merge reads the shards' checkpoints and returns the
// results of the whole plan, equal to those of one process running it.
// ParseShard reads "i/N", or "auto" and "auto/N" to take i (and N) from a
// Slurm job array (SLURM_ARRAY_TASK_ID, …) or a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX).
package sweep

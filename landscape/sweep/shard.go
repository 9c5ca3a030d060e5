// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sweep

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Shard is the part i of N of a sweep: the jobs whose index j has
// j mod N = i. The zero value means the whole sweep, as does {0, 1}.
type Shard struct {
	I, N int
}

// String returns the shard as "i/N".
func (s Shard) String() string {
	s = s.normalize()
	return strconv.Itoa(s.I) + "/" + strconv.Itoa(s.N)
}

// normalize maps the zero value to {0, 1} and panics if s is invalid.
func (s Shard) normalize() Shard {
	if s == (Shard{}) {
		return Shard{0, 1}
	}
	if s.N < 1 || s.I < 0 || s.I >= s.N {
		panic(fmt.Sprintf("sweep: invalid shard %d/%d", s.I, s.N))
	}
	return s
}

// indices returns the job indices j < n with j mod N = I, in order.
func (s Shard) indices(n int) []int {
	if s.I >= n {
		return nil
	}
	// Counting rather than stepping j += N, which could overflow.
	idx := make([]int, (n-1-s.I)/s.N+1)
	for t := range idx {
		idx[t] = s.I + t*s.N
	}
	return idx
}

// Environment variables read by ParseShard.
const (
	// EnvSlurmTaskID is set by Slurm in each task of a job array
	// (sbatch --array), with EnvSlurmTaskMin, EnvSlurmTaskStep and
	// EnvSlurmTaskCount.
	EnvSlurmTaskID    = "SLURM_ARRAY_TASK_ID"
	EnvSlurmTaskMin   = "SLURM_ARRAY_TASK_MIN"
	EnvSlurmTaskStep  = "SLURM_ARRAY_TASK_STEP"
	EnvSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT"
	// EnvJobCompletionIndex is set by Kubernetes in each pod of an
	// Indexed Job (completionMode: Indexed) to 0, …, completions−1.
	EnvJobCompletionIndex = "JOB_COMPLETION_INDEX"
)

// ParseShard parses a shard specification:
//
//	""        the whole sweep, 0/1;
//	"i/N"     shard i of N, 0 ≤ i < N;
//	"auto"    shard from the environment: in a Slurm array task,
//	          i = (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP
//	          (MIN 0 and STEP 1 when unset) and N = SLURM_ARRAY_TASK_COUNT;
//	          in a Kubernetes Indexed Job pod the count is not in the
//	          environment, so use "auto/N";
//	"auto/N"  shard i of N with i = SLURM_ARRAY_TASK_ID itself (so the
//	          array must be --array=0-(N−1), and a single task resubmitted
//	          with --array=i is still shard i) or i = JOB_COMPLETION_INDEX.
//
// SLURM_ARRAY_TASK_ID takes precedence over JOB_COMPLETION_INDEX. "auto"
// outside an array task or indexed pod is an error, so a sweep is never
// silently partial. getenv looks variables up; nil means os.Getenv.
func ParseShard(spec string, getenv func(string) string) (Shard, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return Shard{0, 1}, nil
	}
	is, ns, hasN := strings.Cut(spec, "/")
	n := 0
	if hasN {
		var err error
		n, err = strconv.Atoi(ns)
		if err != nil || n < 1 {
			return Shard{}, fmt.Errorf("sweep: shard %q: count %q is not a positive integer", spec, ns)
		}
	}
	if is != "auto" {
		if !hasN {
			return Shard{}, fmt.Errorf("sweep: shard %q: want i/N or auto[/N]", spec)
		}
		i, err := strconv.Atoi(is)
		if err != nil || i < 0 || i >= n {
			return Shard{}, fmt.Errorf("sweep: shard %q: index %q is not an integer in [0,%d)", spec, is, n)
		}
		return Shard{i, n}, nil
	}

	if id := getenv(EnvSlurmTaskID); id != "" {
		minS, stepS := getenv(EnvSlurmTaskMin), getenv(EnvSlurmTaskStep)
		if hasN {
			minS, stepS = "", ""
		}
		i, err := slurmIndex(id, minS, stepS)
		if err != nil {
			return Shard{}, fmt.Errorf("sweep: shard %q: %v", spec, err)
		}
		if !hasN {
			cs := getenv(EnvSlurmTaskCount)
			n, err = strconv.Atoi(cs)
			if err != nil || n < 1 {
				return Shard{}, fmt.Errorf("sweep: shard %q: %s=%q is not a positive integer", spec, EnvSlurmTaskCount, cs)
			}
		}
		if i >= n {
			return Shard{}, fmt.Errorf("sweep: shard %q: Slurm task %s gives index %d ≥ count %d", spec, id, i, n)
		}
		return Shard{i, n}, nil
	}
	if is := getenv(EnvJobCompletionIndex); is != "" {
		if !hasN {
			return Shard{}, fmt.Errorf("sweep: shard %q: %s is set but the completion count is not; use auto/N", spec, EnvJobCompletionIndex)
		}
		i, err := strconv.Atoi(is)
		if err != nil || i < 0 || i >= n {
			return Shard{}, fmt.Errorf("sweep: shard %q: %s=%q is not an integer in [0,%d)", spec, EnvJobCompletionIndex, is, n)
		}
		return Shard{i, n}, nil
	}
	return Shard{}, fmt.Errorf("sweep: shard %q: neither %s nor %s is set", spec, EnvSlurmTaskID, EnvJobCompletionIndex)
}

// slurmIndex returns (id − min)/step for the Slurm array variables, with
// min = 0 and step = 1 when they are "".
func slurmIndex(id, minS, stepS string) (int, error) {
	v, err := strconv.Atoi(id)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%s=%q is not a non-negative integer", EnvSlurmTaskID, id)
	}
	lo, step := 0, 1
	if minS != "" {
		if lo, err = strconv.Atoi(minS); err != nil || lo < 0 {
			return 0, fmt.Errorf("%s=%q is not a non-negative integer", EnvSlurmTaskMin, minS)
		}
	}
	if stepS != "" {
		if step, err = strconv.Atoi(stepS); err != nil || step < 1 {
			return 0, fmt.Errorf("%s=%q is not a positive integer", EnvSlurmTaskStep, stepS)
		}
	}
	if v < lo || (v-lo)%step != 0 {
		return 0, fmt.Errorf("task %d is not min %d plus a multiple of step %d (use --array=0-(N-1))", v, lo, step)
	}
	return (v - lo) / step, nil
}

# mk/dispatch.mk: where the recipes of mk/a2.mk and examples/*.mk run.
# Every a2 tool in a recipe is called through $(A2_RUN), so a dispatcher
# only says how to run one command elsewhere and wait for it, its stdout
# and exit status coming back to make (make -j N works as ever, and a
# failed job fails its target):
#
#   DISPATCH=local   run here (the default)
#   DISPATCH=slurm   each command is a Slurm job: srun (A2_SLURM_MODE=srun,
#                    the default) or sbatch --wait (A2_SLURM_MODE=sbatch);
#                    the archive job sends a batch of A2_SLURM_ARRAY or more
#                    scenes as one job array (examples/archive.mk)
#   DISPATCH=pbs     each command is a PBS job through qsub -W block=true
#                    (PBS Pro, Torque, or Slurm's qsub wrapper); the archive
#                    job submits examples/ingest2aria.pbs per scene
#
# Site settings, as variables or in a small makefile named by A2_SITE
# (default ~/.config/a2/site.mk when it exists), e.g.
#   A2_PARTITION = q32
#   A2_ACCOUNT   = eos_ehill
#   A2_WALLTIME  = 02:00:00
#   A2_MODULES   = gdal/3.6 jq
# A2_PARTITION (the PBS queue under pbs; default the job context's
# "queue"), A2_ACCOUNT, A2_WALLTIME ([[D-]HH:]MM:SS), A2_CPUS (per job,
# default 1), A2_MODULES (loaded with "module load" in a login bash on the
# node before each command), A2_SLURM_FLAGS and A2_PBS_FLAGS (anything
# else, passed as they are).  The data (A2_DATA) and the tools must be on
# a file system the nodes share.

DISPATCH ?= local
A2_SITE ?= $(wildcard $(HOME)/.config/a2/site.mk)
ifneq ($(strip $(A2_SITE)),)
include $(A2_SITE)
endif
A2_PARTITION ?= $(A2_QUEUE)
A2_ACCOUNT ?=
A2_WALLTIME ?=
A2_CPUS ?= 1
A2_MODULES ?=
A2_SLURM_FLAGS ?=
A2_PBS_FLAGS ?=
A2_SLURM_MODE ?= srun
A2_SLURM_ARRAY ?= 100
A2_SLURM_ARRAY_MAX ?=
A2_DISPATCH_SH := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/dispatch.sh

# $(a2_modules): the prefix loading A2_MODULES, or nothing.
a2_modules = $(if $(strip $(A2_MODULES)),bash -lc 'module load $(A2_MODULES) >&2 && exec "$$@"' a2-job)
# Options every Slurm job of the run gets.
A2_SLURM_OPTS = --job-name=a2 --ntasks=1 --cpus-per-task=$(A2_CPUS) \
	$(if $(strip $(A2_PARTITION)),--partition=$(A2_PARTITION)) \
	$(if $(strip $(A2_ACCOUNT)),--account=$(A2_ACCOUNT)) \
	$(if $(strip $(A2_WALLTIME)),--time=$(A2_WALLTIME)) $(A2_SLURM_FLAGS)
# Options of qsub: the PBS spelling of the same settings.
A2_PBS_OPTS = -l select=1:ncpus=$(A2_CPUS) \
	$(if $(strip $(A2_PARTITION)),-q $(A2_PARTITION)) \
	$(if $(strip $(A2_ACCOUNT)),-A $(A2_ACCOUNT)) \
	$(if $(strip $(A2_WALLTIME)),-l walltime=$(A2_WALLTIME)) $(A2_PBS_FLAGS)
# dispatch.sh reads these; exported only when they are used.
A2_DISPATCH_DIR ?= $(A2_DATA)/work/.dispatch
export A2_SLURM_OPTS A2_PBS_OPTS A2_DISPATCH_DIR

ifeq ($(DISPATCH),local)
A2_RUN :=
else ifeq ($(DISPATCH),slurm)
ifeq ($(A2_SLURM_MODE),srun)
A2_RUN = srun --quiet $(A2_SLURM_OPTS) $(a2_modules)
else ifeq ($(A2_SLURM_MODE),sbatch)
A2_RUN = sh $(A2_DISPATCH_SH) sbatch $(a2_modules)
else
$(error A2_SLURM_MODE=$(A2_SLURM_MODE): srun or sbatch)
endif
else ifeq ($(DISPATCH),pbs)
A2_RUN = sh $(A2_DISPATCH_SH) pbs $(a2_modules)
else
$(error DISPATCH=$(DISPATCH): local, slurm or pbs)
endif

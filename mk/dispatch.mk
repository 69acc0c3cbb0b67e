# mk/dispatch.mk: where the recipes of mk/a2.mk run.  Every a2 tool in a
# recipe is called through $(A2_RUN), so a dispatcher only has to say how
# to run one command elsewhere and wait for it (its stdout coming back).
#
#   DISPATCH=local   run here (the default); make -j N sets the parallelism
#
# slurm (srun) and pbs (qsub) are planned: they will set A2_RUN to a
# wrapper that submits the command, waits and passes on its exit status.

DISPATCH ?= local

ifeq ($(DISPATCH),local)
A2_RUN :=
else
$(error DISPATCH=$(DISPATCH): not supported yet (only DISPATCH=local))
endif

# examples/archive.mk: metadata-only products of an archive of unpacked
# ALOS-2 data (the NTU HPC flow of ingest-jobs.md §8): a2scan groups the
# files of ARCHIVE by scene; every product of level LEVELS not yet in the
# catalog becomes A2_DATA/products/ID-md/ (met.json with
# gekko_archive_files, dataset.json, STAC Item; no copy of the data) and is
# catalogued.  A second run does nothing but the scan; one with other
# LEVELS or another A2_CATALOG consults the catalog again.
#
#   make -f examples/archive.mk ARCHIVE=/home/data/INSAR/ALOS2 [-j N]
#        [DISPATCH=local|slurm|pbs] [LEVELS="1.1 1.5"] [REGEX='/P[0-9]{3}/F[0-9]{4}$']
#        [TAG=text] [A2_DATA=dir] [A2_CATALOG=file.gpkg|PG:...] [PUBLISH=...]
#   make -f examples/archive.mk CONTEXT=_context.json  # archive, levels, regex, tag
#
# Each scene's product is one job: a2md --md-only here (local), through
# srun or sbatch --wait, as one Slurm job array when A2_SLURM_ARRAY or more
# scenes are missing (slurm), or as examples/ingest2aria.pbs through qsub
# (pbs, PBS_SCRIPT=... for a site's own).  Site settings: mk/dispatch.mk.

A2_EXAMPLES := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(A2_EXAMPLES)/../mk/a2.mk
include $(A2_MK)/context.mk

ifeq ($(strip $(ARCHIVE)),)
$(error usage: make -f examples/archive.mk ARCHIVE=dir [A2_DATA=dir] [DISPATCH=local|slurm|pbs])
endif
LEVELS ?= 1.1
REGEX ?=
TAG ?=
PBS_SCRIPT ?= $(A2_EXAMPLES)/ingest2aria.pbs

A2SCAN = $(if $(A2_BIN),$(A2_BIN)/)a2scan
# a2md as every dispatch mode calls it: the same words, so the products'
# provenance (STAC a2:command) is the same wherever they were made.
A2MD_JOB = $(if $(A2_BIN),$(A2_BIN)/)a2md
a2_md_cmd = $(A2MD_JOB) --md-only -o $(A2_P) --id $(1) $(if $(TAG),--tag $(call a2_q,$(TAG))) \
	$(A2_W)/$(1)-md/group.json
# The archive's work dir is named after its path.
A2_AW := $(A2_W)/archive-$(shell printf '%s' $(call a2_q,$(abspath $(ARCHIVE))) | sha256sum | cut -c1-16)

.DEFAULT_GOAL := all
.PHONY: all a2-scan

# The scan runs every time (the archive grows; but not again when make
# restarts to read the new targets.mk); groups.jsonl changes only when what
# it found did, so an unchanged archive remakes nothing.
$(A2_AW)/groups.jsonl: $(if $(MAKE_RESTARTS),,a2-scan)
	@mkdir -p $(@D)
	@$(a2_say) a2scan $(call a2_q,$(ARCHIVE))
	$(A2_Q)$(A2SCAN) -q $(if $(REGEX),-r $(call a2_q,$(REGEX))) $(call a2_q,$(abspath $(ARCHIVE))) > $@.tmp
	$(A2_Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# What else targets.mk is made from: the levels asked for and the catalog
# consulted (by its hash: a connection string may hold a password).
# job.vars changes only when they do, so another LEVELS or A2_CATALOG
# lists the products again, and the same ones remake nothing.
A2_LEVELS := $(sort $(LEVELS))
$(A2_AW)/job.vars: $(if $(MAKE_RESTARTS),,a2-scan)
	@mkdir -p $(@D)
	$(A2_Q){ printf 'levels %s\ncatalog ' '$(A2_LEVELS)'; printf '%s' "$$A2_CATALOG" | sha256sum; } > $@.tmp
	$(A2_Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# Products of LEVELS not yet catalogued (one catalog query per level, not
# one per ID: an -md product is catalogued under its level's type,
# alos2_slc_md or Ln.n_geotiff), each with its group record
# work/ID-md/group.json, rewritten only when the group changed.
$(A2_AW)/targets.mk: $(A2_AW)/groups.jsonl $(A2_AW)/job.vars
	$(A2_Q)jq -c --arg lv '$(A2_LEVELS)' '.scan as $$s | $$s.products[] | select(.level as $$l | $$lv | split(" ") | index($$l)) | . as $$p | [.id, {scan: ($$s | .products = [$$p])}]' $< > $@.groups.tmp
	$(A2_Q)if [ -f '$(A2_CATALOG)' ] || case '$(A2_CATALOG)' in *:*) true;; *) false;; esac; then \
	  for l in $(A2_LEVELS); do $(A2CATALOG) query --level "$$l" || exit $$?; done > $@.query.tmp && \
	  jq -r '.id // empty' $@.query.tmp > $@.have.tmp && rm -f $@.query.tmp || exit $$?; \
	else : > $@.have.tmp; fi
	$(A2_Q){ echo '# made from groups.jsonl by examples/archive.mk: the products not yet catalogued'; \
	  jq -r '.[0]' $@.groups.tmp | while read -r id; do \
	    case $$id in ''|*[!A-Za-z0-9._-]*) echo "$<: bad product id '$$id'" >&2; exit 1;; esac; \
	    if grep -qxF "$$id-md" $@.have.tmp; then echo "# $$id-md: already in the catalog" >&2; continue; fi; \
	    printf 'A2_IDS += %s-md\n' "$$id"; \
	  done; } > $@.tmp
	$(A2_Q)jq -r '"\(.[0])\t\(.[1] | tojson)"' $@.groups.tmp | while IFS='	' read -r id g; do \
	  grep -qxF "A2_IDS += $$id-md" $@.tmp || continue; \
	  f=$(A2_W)/$$id-md/group.json; mkdir -p $(A2_W)/$$id-md; \
	  printf '%s\n' "$$g" > $$f.tmp; if cmp -s $$f.tmp $$f; then rm -f $$f.tmp; else mv -f $$f.tmp $$f; fi; \
	done
	$(A2_Q)mv -f $@.tmp $@ && rm -f $@.groups.tmp $@.have.tmp

include $(A2_AW)/targets.mk

a2_md_products = $(foreach i,$(1),$(A2_W)/$(i)/group.json $(A2_P)/$(i)/$(i).met.json \
	$(A2_P)/$(i)/$(i).dataset.json $(A2_P)/$(i)/$(i).stac.json)
all: $(A2_AW)/groups.jsonl $(A2_AW)/job.vars $(A2_AW)/targets.mk $(call a2_md_products,$(A2_IDS)) \
	$(call a2_catalog_targets,$(A2_IDS))

# ---- one product ----

# A large Slurm batch goes as one job array: each task makes one product
# and leaves its exit status in work/ID-md/job.status, which the product's
# own recipe reads (so make still sees each scene's result).
ifeq ($(DISPATCH),slurm)
A2_MISSING := $(foreach i,$(A2_IDS),$(if $(wildcard $(A2_P)/$(i)/$(i).stac.json),,$(i)))
ifeq ($(shell [ $(words $(A2_MISSING)) -ge $(A2_SLURM_ARRAY) ] && echo y),y)
A2_ARRAY := $(A2_AW)/array
endif
endif

ifdef A2_ARRAY
.PHONY: $(A2_ARRAY)
# one line per task: its command, and its exit status written atomically
$(A2_ARRAY):
	@$(a2_say) sbatch "--array of $(words $(A2_MISSING)) scenes"
	$(file >$(A2_AW)/array.cmds,$(foreach i,$(patsubst %-md,%,$(A2_MISSING)),$(call a2_md_cmd,$(i)) \
	    >$(A2_W)/$(i)-md/job.log 2>&1; echo $$? >$(A2_W)/$(i)-md/job.status.tmp && \
	    mv -f $(A2_W)/$(i)-md/job.status.tmp $(A2_W)/$(i)-md/job.status$(a2_nl)))
	$(A2_Q)rm -f $(foreach i,$(A2_MISSING),$(A2_W)/$(i)/job.status)
	$(A2_Q)printf '#!/bin/sh\n# one archive scene per task of the array\nexec sh -c "$$(sed -n "$$((SLURM_ARRAY_TASK_ID + 1))p" %s)"\n' \
	    '$(A2_AW)/array.cmds' > $(A2_AW)/array.sh
	$(A2_Q)sbatch --wait --quiet --array=0-$(shell echo $$(($(words $(A2_MISSING)) - 1)))$(if $(A2_SLURM_ARRAY_MAX),%$(A2_SLURM_ARRAY_MAX)) \
	    -o /dev/null -e /dev/null $(A2_SLURM_OPTS) $(A2_AW)/array.sh || :
endif
define a2_nl


endef

# $(call a2_md_job,ID): makes products/ID-md where DISPATCH says.
ifeq ($(DISPATCH),pbs)
# the original's qsub -v dir=...,fdate=... -N FFFF-yymmdd ingest2aria.pbs,
# with the variables a2 needs; a file holds the job's exit status, since
# not every qsub -W block=true passes it on
a2_md_job = st=$(A2_W)/$(1)-md/job.status; rm -f $$st; \
	g=$(A2_W)/$(1)-md/group.json; \
	qsub -W block=true -N $$(jq -r .scan.fdate $$g) -j oe -o $(A2_W)/$(1)-md/job.log $(A2_PBS_OPTS) \
	  -v "dir=$$(jq -r '.scan.dirs[0]' $$g),fdate=$$(jq -r .scan.fdate $$g),id=$(1),group=$$g,out=$(A2_P),status=$$st,A2_BIN=$(A2_BIN),A2_MODULES=$(A2_MODULES)$(if $(TAG),$(comma)tag=$(call a2_q,$(TAG)))" \
	  $(PBS_SCRIPT) > $(A2_W)/$(1)-md/qsub.out || { r=$$?; cat $(A2_W)/$(1)-md/qsub.out >&2; exit $$r; }; \
	s=$$(cat $$st 2>/dev/null); rm -f $$st; \
	if [ "$$s" != 0 ]; then cat $(A2_W)/$(1)-md/job.log >&2; echo "$(1)-md: PBS job failed (exit $${s:-unknown})" >&2; exit 1; fi
else
a2_md_job = $(A2_RUN) $(call a2_md_cmd,$(1)) > /dev/null
endif
comma := ,

# stem ID-md/ID (shorter than mk/a2.mk's ID/ID, so this rule wins for -md)
$(A2_P)/%-md.met.json $(A2_P)/%-md.dataset.json $(A2_P)/%-md.stac.json: \
		$$(A2_W)/$$(notdir $$*)-md/group.json | $(A2_ARRAY)
	@$(a2_say) a2md "$(notdir $*)-md"
	$(A2_Q)st=$(A2_W)/$(notdir $*)-md/job.status; \
	if [ -n '$(A2_ARRAY)' ] && [ -f $$st ]; then s=$$(cat $$st); rm -f $$st; \
	  if [ "$$s" != 0 ]; then cat $(A2_W)/$(notdir $*)-md/job.log >&2; \
	    echo "$(notdir $*)-md: Slurm array task failed (exit $$s)" >&2; exit 1; fi; \
	else $(call a2_md_job,$(notdir $*)); fi

# A metadata-only product has no ID.zip: its own catalog stamp (the same
# content as mk/catalog.mk's, the ID), a shorter stem than ID-md.
$(A2_W)/%-md/catalogued: $(A2_P)/%-md/$$*-md.met.json $(A2_P)/%-md/$$*-md.dataset.json \
		$(A2_P)/%-md/$$*-md.stac.json
	@mkdir -p $(@D)
	$(A2CATALOG) add $(A2_P)/$*-md > /dev/null && printf '%s\n' $(call a2_q,$*-md) > $@.tmp && mv -f $@.tmp $@

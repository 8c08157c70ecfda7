#!/usr/bin/env node
// The command-line tool moved to its own package: cli/bin/mrseq.js (@mrseq/cli, `npm run mrseq`).
// This forwards for callers of the old path (models/training/mrseq_train/card.py) until they switch;
// it is not a bin of @mrseq/extension.
'use strict';
require('../../cli/bin/mrseq.js');

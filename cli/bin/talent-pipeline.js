#!/usr/bin/env node
// The bin is this committed file rather than dist/ itself, so that `npm ci` links `talent-pipeline` into
// node_modules/.bin before the first build (npm links no bin whose target does not exist yet).
require('../dist/cli/talent-pipeline.js');

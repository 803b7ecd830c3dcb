import { compliantService, serviceRuleTester } from '../../service/helpers';

serviceRuleTester('makefile-targets', {
  valid: [
    { name: 'compliant service', files: compliantService() },
    {
      name: 'targets defined several per line, with double colons and prerequisites',
      files: compliantService('ledger', { Makefile: 'IMAGE := x\n.PHONY: all\nbuild test:: deps\n\tgo build ./...\nlint: ; go vet ./...\ndocker-build docker-push: build\n\t@echo $@\n' }),
    },
  ],
  invalid: [
    {
      name: 'no Makefile: the fix creates one with the image of the manifest and the main package',
      files: compliantService('ledger', { Makefile: null }),
      errors: [{ file: 'ledger/go.mod', line: 1, severity: 'info', message: 'has no Makefile' }],
      outputFile: 'ledger/Makefile',
      output: [
        'SERVICE ?= ledger',
        'VERSION ?= 0.1.0',
        'GIT_SHA := $(shell git rev-parse --short HEAD)',
        'IMAGE ?= ghcr.io/acme/ledger:$(GIT_SHA)-v$(VERSION)',
        '',
        '.PHONY: build test lint docker-build docker-push',
        'build:',
        '\tCGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/$(SERVICE) ./cmd/ledger',
        'test:',
        '\tgo test -race ./...',
        'lint:',
        '\tgo vet ./...',
        'docker-build:',
        '\tdocker build -t $(IMAGE) .',
        'docker-push:',
        '\tdocker push $(IMAGE)',
        '',
      ].join('\n'),
    },
    {
      name: 'missing targets are appended; variables already defined are kept; assignments and recipes are not targets',
      files: compliantService('ledger', { Makefile: 'IMAGE ?= registry/ledger:dev\nGOFLAGS := -mod=mod\nbuild:\n\tgo build ./...\n\ttest: not-a-target\n' }),
      errors: [{ file: 'ledger/go.mod', line: 1, message: 'Makefile lacks the targets test, lint, docker-build, docker-push' }],
      outputFile: 'ledger/Makefile',
      output: 'IMAGE ?= registry/ledger:dev\nGOFLAGS := -mod=mod\nbuild:\n\tgo build ./...\n\ttest: not-a-target\n\n.PHONY: test lint docker-build docker-push\ntest:\n\tgo test -race ./...\nlint:\n\tgo vet ./...\ndocker-build:\n\tdocker build -t $(IMAGE) .\ndocker-push:\n\tdocker push $(IMAGE)\n',
    },
  ],
});

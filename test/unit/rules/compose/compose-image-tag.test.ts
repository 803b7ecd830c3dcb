import { ruleTester } from '../../helpers';

const compose = { filePath: 'compose.yaml' };

ruleTester('compose-image-tag', {
  valid: [
    { ...compose, name: 'pinned tags', code: 'services:\n  db:\n    image: postgres:16.4-bookworm\n  cache: {image: "redis:7.4"}\n' },
    { ...compose, name: 'digest', code: 'services:\n  q:\n    image: cr.jaegertracing.io/jaegertracing/jaeger-remote-storage@sha256:e78c6093ac38f7cdccf0877750bb21f2cbcc08c2fd3e578966b5796a31f26643\n' },
    { ...compose, name: 'registry with a port and a tag', code: 'services:\n  a:\n    image: localhost:5000/team/app:1.2.3\n' },
    { ...compose, name: 'built and tagged with a version', code: 'services:\n  api:\n    build: .\n    image: registry.example.com/api:1.4.2\n' },
    { ...compose, name: 'unresolvable variables', code: 'services:\n  ad:\n    image: ${IMAGE_NAME}:${DEMO_VERSION}-ad\n  b:\n    image: app:${TAG}\n' },
    { ...compose, name: 'default pins a version', code: 'services:\n  a:\n    image: app:${IMAGE_TAG:-1.2}\n' },
    { ...compose, name: 'no image (build only)', code: 'services:\n  a:\n    build: ./a\n' },
    { ...compose, name: 'pinned image from a merge key', code: 'x-img: &img\n  image: app:1.0\nservices:\n  a:\n    <<: *img\n' },
  ],
  invalid: [
    {
      ...compose,
      name: 'build with an untagged or latest image is not excepted (skaffold examples/compose docker-compose.yaml): that tag is what push publishes',
      code: "version: '3'\nservices:\n  compose:\n    build: .\n    image: compose\n    ports:\n     - \"5000:5000\"\n  web:\n    build: {context: web}\n    image: web:latest\n",
      errors: [
        { line: 5, column: 12, endColumn: 19, severity: 'error', message: /^Image 'compose' of service 'compose' has no tag, which means 'latest': Compose tags its build with it, `docker compose push` publishes it/ },
        { line: 10, column: 12, endColumn: 22, message: "Image 'web:latest' of service 'web' uses the 'latest' tag: Compose tags its build with it" },
      ],
      output: null,
    },
    {
      ...compose,
      name: 'untagged',
      code: 'services:\n  proxy:\n    image: nginx\n',
      errors: [{ line: 3, column: 12, endColumn: 17, severity: 'error', message: "Image 'nginx' of service 'proxy' has no tag" }],
      output: null,
    },
    {
      ...compose,
      name: 'latest, quoted: the range excludes the quotes',
      code: "services:\n  init:\n    image: 'docker.io/library/ubuntu:latest'\n",
      errors: [{ line: 3, column: 13, endColumn: 44, message: "uses the 'latest' tag" }],
    },
    {
      ...compose,
      name: 'variable defaulting to latest',
      code: "services:\n  etcd0:\n    image: 'etcd-server:${IMAGE_TAG:-latest}'\n",
      errors: [{ line: 3, column: 13, endColumn: 45, message: "defaults give 'etcd-server:latest'" }],
    },
    {
      ...compose,
      name: 'nested default',
      code: 'services:\n  a:\n    image: ${REPO:-app}:${TAG:-${CHANNEL:-latest}}\n',
      errors: [{ line: 3, column: 12, message: "'app:latest'" }],
    },
    {
      ...compose,
      name: 'flow style and registry port without tag',
      code: 'services: {a: {image: "localhost:5000/app"}}\n',
      errors: [{ line: 1, column: 24, endColumn: 42, message: 'has no tag' }],
    },
    {
      ...compose,
      name: 'shared anchor: one finding',
      code: 'x-img: &img\n  image: busybox\nservices:\n  a:\n    <<: *img\n  b:\n    <<: *img\n',
      errors: [{ line: 2, column: 10, endColumn: 17, message: "services 'a' and 'b'" }],
    },
    {
      ...compose,
      name: 'CRLF',
      code: 'services:\r\n  gitea:\r\n    image: gitea/gitea:latest\r\n',
      errors: [{ line: 3, column: 12, endColumn: 30 }],
    },
  ],
});

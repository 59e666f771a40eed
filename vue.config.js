// Dev app config: the whole Rancher dashboard from @rancher/shell with our package(s) from pkg/ built in.
const config = require('@rancher/shell/vue.config'); // eslint-disable-line @typescript-eslint/no-var-requires

// EXCLUDE_PKGS=cloud-provider-migration builds the dashboard WITHOUT the extension built in, so that the
// extension can be loaded the way Rancher does in production (a build-pkg package announced by /v1/uiplugins).
const excludes = (process.env.EXCLUDE_PKGS || '').split(',').map((s) => s.trim()).filter(Boolean);

const c = config(__dirname, { excludes });

// The dev server binds to loopback only (shell's default is 0.0.0.0).
if (c.devServer) {
  c.devServer.host = process.env.DEV_HOST || '127.0.0.1';
  if (c.devServer.client && c.devServer.client.webSocketURL) {
    c.devServer.client.webSocketURL.hostname = c.devServer.host;
  }
}

module.exports = c;

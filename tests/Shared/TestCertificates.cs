using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace NanoWs.Tests
{
    /// <summary>
    /// Certificates for the wss:// tests, made at test time with the `openssl` command line in a
    /// temporary directory (deleted on dispose): a test CA and, signed by it, a server certificate
    /// for localhost and 127.0.0.1, an expired one, one for another host and a client certificate;
    /// and a second CA with a localhost certificate that the first CA does not know. P-256 keys,
    /// so making them is quick.
    /// </summary>
    public sealed class TestCertificates : IDisposable
    {
        private static readonly object Gate = new object();
        private static TestCertificates _shared;
        private readonly string _dir;

        private TestCertificates()
        {
            _dir = Path.Combine(Path.GetTempPath(), "nanows-tls-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            MakeCa("ca", "NanoWs Test CA");
            MakeCa("other-ca", "Unknown Test CA");
            DateTime now = DateTime.UtcNow;
            Sign("ca", "server", "localhost", "subjectAltName = DNS:localhost, IP:127.0.0.1", "serverAuth", now.AddDays(-1), now.AddDays(30));
            Sign("ca", "expired", "localhost", "subjectAltName = DNS:localhost, IP:127.0.0.1", "serverAuth", now.AddDays(-30), now.AddDays(-2));
            Sign("ca", "wrong-host", "wrong.example", "subjectAltName = DNS:wrong.example", "serverAuth", now.AddDays(-1), now.AddDays(30));
            Sign("other-ca", "unknown-ca", "localhost", "subjectAltName = DNS:localhost, IP:127.0.0.1", "serverAuth", now.AddDays(-1), now.AddDays(30));
            Sign("ca", "client", "nanows-test-client", null, "clientAuth", now.AddDays(-1), now.AddDays(30));
        }

        /// <summary>One set for the whole test run (making it takes a few openssl calls).</summary>
        public static TestCertificates Shared
        {
            get
            {
                lock (Gate)
                {
                    return _shared ??= new TestCertificates();
                }
            }
        }

        /// <summary>The PEM file of certificate <paramref name="name"/> (ca, other-ca, server, expired, wrong-host, unknown-ca, client).</summary>
        public string CertFile(string name) => Path.Combine(_dir, name + ".pem");

        /// <summary>The PEM file of the private key of <paramref name="name"/>.</summary>
        public string KeyFile(string name) => Path.Combine(_dir, name + ".key");

        /// <summary>The PEM text of certificate <paramref name="name"/>.</summary>
        public string Cert(string name) => File.ReadAllText(CertFile(name));

        /// <summary>The PEM text of the private key of <paramref name="name"/>.</summary>
        public string Key(string name) => File.ReadAllText(KeyFile(name));

        public void Dispose()
        {
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        private void MakeCa(string name, string commonName)
        {
            OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", KeyFile(name), "-out", CertFile(name), "-days", "3650", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        }

        private void Sign(string ca, string name, string commonName, string subjectAltName, string usage, DateTime from, DateTime until)
        {
            string csr = Path.Combine(_dir, name + ".csr");
            OpenSsl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", KeyFile(name), "-out", csr, "-subj", "/CN=" + commonName);

            // `openssl ca` rather than `x509 -req`: OpenSSL 3.0's x509 cannot set a start date in
            // the past, which the expired certificate needs.
            string db = Path.Combine(_dir, name + ".index");
            File.WriteAllText(db, "");
            string config = Path.Combine(_dir, name + ".cnf");
            var text = new StringBuilder();
            text.Append("[ca]\ndefault_ca = test\n[test]\n");
            text.Append("database = " + db + "\nnew_certs_dir = " + _dir + "\nrand_serial = yes\n");
            text.Append("default_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\n");
            text.Append("[any]\ncommonName = supplied\n[ext]\nbasicConstraints = CA:FALSE\n");
            text.Append("keyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = " + usage + "\n");
            if (subjectAltName != null)
            {
                text.Append(subjectAltName + "\n");
            }

            File.WriteAllText(config, text.ToString());
            OpenSsl("ca", "-batch", "-notext", "-config", config, "-cert", CertFile(ca), "-keyfile", KeyFile(ca),
                "-in", csr, "-out", CertFile(name), "-extensions", "ext",
                "-startdate", from.ToString("yyyyMMddHHmmss") + "Z", "-enddate", until.ToString("yyyyMMddHHmmss") + "Z");
        }

        private void OpenSsl(params string[] args)
        {
            var info = new ProcessStartInfo("openssl")
            {
                WorkingDirectory = _dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start openssl");
            string stderr = process.StandardError.ReadToEndAsync().GetAwaiter().GetResult();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("openssl " + string.Join(" ", args) + " failed: " + stderr);
            }
        }
    }
}

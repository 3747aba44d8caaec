// Reference-only stub of the nanoFramework System.IO.FileSystem members the board code uses: the
// saved state of the sensor dashboard (samples/SensorDashboard/StateFile.cs) on the firmware's
// file system.
//
// Source of truth: github.com/nanoframework/System.IO.FileSystem
//   commit 434b26c6db29708367e4df3f4ea82095ef843372 (tag v1.1.93; package
//   nanoFramework.System.IO.FileSystem 1.1.93, the version the board projects' packages.config name;
//   it depends on nanoFramework.CoreLibrary 1.17.11, Runtime.Events 1.11.37, System.IO.Streams 1.1.96
//   and System.Text 1.3.42, nanoFramework.System.IO.FileSystem.nuspec), assembly System.IO.FileSystem
//   (System.IO.FileSystem/System.IO.FileSystem.nfproj), System.IO.FileSystem/File.cs:
//     public static class File                                   (namespace System.IO)
//     public static bool Exists(string path)                     false for a missing file, a directory,
//                                                                an invalid path; never throws
//     public static byte[] ReadAllBytes(string path)             FileMode.Open: IOException when missing
//     public static void WriteAllBytes(string path, byte[] bytes) FileMode.Create: an existing file is
//                                                                overwritten; ArgumentNullException for null bytes
//     public static void Delete(string path)                     no-op when the file does not exist;
//                                                                IOException when its folder does not
//     public static void Move(string sourceFileName, string destFileName)
//                                                                IOException (PathAlreadyExists) when the
//                                                                destination exists: no overwrite, and no
//                                                                Move(string, string, bool) overload
// The same five members are in File.cs at commit 1098443d51189ede7fd3745c785d4d6e3adbea45 (v1.1.23-16),
// with the same signatures.
//
// Signatures and names are taken from that file; bodies are not (this assembly is only compiled
// against, never run). To use another member, look it up there first, then add it here.

namespace System.IO
{
    /// <summary>Files on a mounted drive (File.cs), the members used.</summary>
    public static class File
    {
        /// <summary>True when <paramref name="path"/> names an existing file; false otherwise, never throws.</summary>
        public static bool Exists(string path)
        {
            throw null;
        }

        /// <summary>The whole content of the file.</summary>
        public static byte[] ReadAllBytes(string path)
        {
            throw null;
        }

        /// <summary>Creates the file, or overwrites it, with <paramref name="bytes"/>.</summary>
        public static void WriteAllBytes(string path, byte[] bytes)
        {
            throw null;
        }

        /// <summary>Deletes the file; nothing when it does not exist.</summary>
        public static void Delete(string path)
        {
            throw null;
        }

        /// <summary>Renames a file; throws <see cref="IOException"/> when the destination exists.</summary>
        public static void Move(string sourceFileName, string destFileName)
        {
            throw null;
        }
    }
}

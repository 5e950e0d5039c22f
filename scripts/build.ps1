# Build the one-folder program (build.spec) with PyInstaller, run its --smoke self-test and the
# command line's --version, then build the installer (scripts\installer.nsi) with NSIS.
# Windows; scripts/build.sh (program) and scripts/build-installer (installer) do it on Linux.
#
#   powershell -ExecutionPolicy Bypass -File scripts\build.ps1 [-Python C:\Python311\python.exe]
#       [-Makensis "C:\Program Files (x86)\NSIS\makensis.exe"] [-SkipInstaller]
#
# Output: dist\SoTheoDoiKeHoach\SoTheoDoiKeHoach.exe (the window), so-ke-hoach.exe (the command
# line), _internal\, and dist\SoTheoDoiKeHoach-<version>-setup.exe. NSIS 3: https://nsis.sourceforge.io
# or `winget install NSIS.NSIS`. Exit code 0 when the build succeeded, the smoke test wrote
# "smoke: OK" and the installer was written; 1 otherwise.
#
# This file is ASCII on purpose: Windows PowerShell 5.1 reads a script that has no BOM in the
# ANSI code page, which would garble any Vietnamese letter.
[CmdletBinding()]
param(
    [string]$Python = "python",
    [string]$DistDir = "dist",
    [string]$WorkDir = "build",
    [int]$SmokeTimeout = 120,
    [string]$Makensis = "",
    [switch]$SkipInstaller
)

Set-StrictMode -Version Latest
$ErrorActionPreference = "Stop"

$name = "SoTheoDoiKeHoach"
$consoleName = "so-ke-hoach"
$root = Split-Path -Parent $PSScriptRoot
$utf8 = New-Object System.Text.UTF8Encoding $false
$status = 1

function Find-Makensis([string]$Given) {
    if ($Given) { return $Given }
    $command = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($command) { return $command.Source }
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        if ($base) {
            $candidate = Join-Path $base "NSIS\makensis.exe"
            if (Test-Path -LiteralPath $candidate) { return $candidate }
        }
    }
    throw "makensis.exe not found: install NSIS 3 (winget install NSIS.NSIS), pass -Makensis, or -SkipInstaller"
}

function Show-File([string]$Path, [string]$Label) {
    if (Test-Path -LiteralPath $Path) {
        $text = [IO.File]::ReadAllText($Path, $utf8).TrimEnd()
        if ($text) { Write-Host "--- $Label ---`n$text" }
    }
}

Push-Location -LiteralPath $root
try {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Python -m PyInstaller --noconfirm --clean --distpath $DistDir --workpath $WorkDir build.spec
    if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed (exit code $LASTEXITCODE)" }
    $watch.Stop()

    $folder = [IO.Path]::GetFullPath([IO.Path]::Combine($root, $DistDir, $name))
    $exe = Join-Path $folder "$name.exe"
    $bytes = (Get-ChildItem -LiteralPath $folder -Recurse -File | Measure-Object -Property Length -Sum).Sum
    Write-Host ("build: {0:N0} s, {1:N1} MB in {2}" -f $watch.Elapsed.TotalSeconds, ($bytes / 1MB), $folder)

    # The smoke test writes smoke.log into the data folder: point that at a scratch folder so a
    # build never touches this user's real data, and so the log can be checked below.
    $smokeDir = Join-Path ([IO.Path]::GetTempPath()) ("so-ke-hoach-smoke-" + [guid]::NewGuid().ToString("N"))
    New-Item -ItemType Directory -Path $smokeDir | Out-Null
    $oldDataDir = $env:SO_KE_HOACH_DATA_DIR
    $env:SO_KE_HOACH_DATA_DIR = $smokeDir
    try {
        $stdoutFile = Join-Path $smokeDir "stdout.txt"
        $stderrFile = Join-Path $smokeDir "stderr.txt"
        $logFile = Join-Path $smokeDir "smoke.log"
        # The .exe is a windowed (GUI) program: called with & PowerShell would not wait for it,
        # and it has no console. Start-Process waits and gives it files as stdout and stderr
        # (the program writes them in UTF-8, see build.spec). A hang must not block a CI run.
        $proc = Start-Process -FilePath $exe -ArgumentList "--smoke" -NoNewWindow -PassThru `
            -RedirectStandardOutput $stdoutFile -RedirectStandardError $stderrFile
        $null = $proc.Handle  # keeps ExitCode readable after the process has ended
        if (-not $proc.WaitForExit($SmokeTimeout * 1000)) {
            $proc.Kill()
            throw "smoke test did not finish within $SmokeTimeout s"
        }
        $proc.WaitForExit()
        $code = $proc.ExitCode

        Show-File $stdoutFile "stdout"
        Show-File $stderrFile "stderr"
        Show-File $logFile "smoke.log"
        $log = if (Test-Path -LiteralPath $logFile) { [IO.File]::ReadAllText($logFile, $utf8) } else { "" }
        if ($code -ne 0 -or $log -notmatch "(?m)^smoke: OK") {
            throw "smoke test FAILED (exit code $code)"
        }
        Write-Host "build: smoke test passed"
    }
    finally {
        if ($null -eq $oldDataDir) {
            Remove-Item Env:SO_KE_HOACH_DATA_DIR -ErrorAction SilentlyContinue
        }
        else {
            $env:SO_KE_HOACH_DATA_DIR = $oldDataDir
        }
        Remove-Item -LiteralPath $smokeDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    # The command line's .exe is a console program: & waits for it and gets its output.
    $versionLine = & (Join-Path $folder "$consoleName.exe") --version
    if ($LASTEXITCODE -ne 0) { throw "$consoleName.exe --version failed (exit code $LASTEXITCODE)" }
    $versions = (& $Python (Join-Path $root "scripts\exe_metadata.py")).Trim() -split " "
    $version, $versionQuad = $versions[0], $versions[1]
    if ("$versionLine" -notmatch [regex]::Escape($version)) {
        throw "$consoleName.exe --version printed '$versionLine', expected version $version"
    }
    Write-Host "build: $consoleName.exe --version ok ($version)"

    if ($SkipInstaller) {
        Write-Host "build: installer skipped (-SkipInstaller)"
    }
    else {
        $nsis = Find-Makensis $Makensis
        $setup = [IO.Path]::GetFullPath([IO.Path]::Combine($root, $DistDir, "$name-$version-setup.exe"))
        # -WX: a warning (a missing file, a bad define) fails the build instead of scrolling past.
        & $nsis -V2 -WX -INPUTCHARSET UTF8 "-DVERSION=$version" "-DVERSION_QUAD=$versionQuad" `
            "-DSOURCE_DIR=$folder" "-DOUT_FILE=$setup" (Join-Path $root "scripts\installer.nsi")
        if ($LASTEXITCODE -ne 0) { throw "makensis failed (exit code $LASTEXITCODE)" }
        Write-Host "build: installer $setup"
    }
    $status = 0
}
catch {
    Write-Host "build: $($_.Exception.Message)" -ForegroundColor Red
    $status = 1
}
finally {
    Pop-Location
}
exit $status

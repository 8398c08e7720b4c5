# Tonefall localhost service as a per-user scheduled task (Windows), started at logon.
# Run as the agent (no administrator rights needed):
#   powershell -ExecutionPolicy Bypass -File install-task.ps1 [-InstallDir "$env:LOCALAPPDATA\Tonefall"]
# See server/deploy/README.md.
param(
  [string]$InstallDir = "$env:LOCALAPPDATA\Tonefall",
  [int]$Port = 7373
)
$ErrorActionPreference = "Stop"
$exe = Join-Path $InstallDir ".venv\Scripts\tonefall.exe"
$model = Join-Path $InstallDir "models\tonefall-nordic-v1"
if (-not (Test-Path $exe)) { throw "$exe not found: install Tonefall into $InstallDir first" }
if (-not (Test-Path $model)) { throw "$model not found: the release must contain the model directory" }

$action = New-ScheduledTaskAction -Execute $exe -Argument "serve --host 127.0.0.1 --port $Port --model `"$model`"" -WorkingDirectory $InstallDir
$trigger = New-ScheduledTaskTrigger -AtLogOn -User "$env:USERDOMAIN\$env:USERNAME"
# No time limit, restart after a crash, run on battery, keep out of the agent's way.
$settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit ([TimeSpan]::Zero) -RestartCount 10 `
  -RestartInterval (New-TimeSpan -Minutes 1) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
  -StartWhenAvailable -MultipleInstances IgnoreNew -Hidden
$principal = New-ScheduledTaskPrincipal -UserId "$env:USERDOMAIN\$env:USERNAME" -LogonType Interactive -RunLevel Limited

Register-ScheduledTask -TaskName "Tonefall" -Description "Tonefall tone coach (localhost service)" `
  -Action $action -Trigger $trigger -Settings $settings -Principal $principal -Force | Out-Null
Start-ScheduledTask -TaskName "Tonefall"
Write-Host "Tonefall task registered and started; check: Invoke-RestMethod http://127.0.0.1:$Port/v1/health"

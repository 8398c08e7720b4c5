# Remove the Tonefall scheduled task (the install directory and the user's data stay; see README).
$ErrorActionPreference = "Stop"
if (Get-ScheduledTask -TaskName "Tonefall" -ErrorAction SilentlyContinue) {
  Stop-ScheduledTask -TaskName "Tonefall"
  Unregister-ScheduledTask -TaskName "Tonefall" -Confirm:$false
  Write-Host "Tonefall task removed."
} else {
  Write-Host "No Tonefall task registered."
}

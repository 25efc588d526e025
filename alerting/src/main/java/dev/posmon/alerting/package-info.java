/** alerting: detection, localization, incidents, maintenance windows, notification and the weekly report. */
package dev.posmon.alerting;

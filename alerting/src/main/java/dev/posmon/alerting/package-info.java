/** alerting: detection, localization, incidents and notification arrive with issue 4. */
package dev.posmon.alerting;

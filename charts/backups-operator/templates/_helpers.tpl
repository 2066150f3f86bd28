{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "backups-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name, else release-chart. */}}
{{- define "backups-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "backups-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "backups-operator.labels" -}}
helm.sh/chart: {{ include "backups-operator.chart" . }}
{{ include "backups-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: backups-operator
{{- end }}

{{/* Labels selecting the operator pods. */}}
{{- define "backups-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "backups-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "backups-operator.operatorSelectorLabels" -}}
{{ include "backups-operator.selectorLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "backups-operator.simulatorSelectorLabels" -}}
{{ include "backups-operator.selectorLabels" . }}
app.kubernetes.io/component: simulator
{{- end }}

{{- define "backups-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "backups-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* An image reference from {repository, tag, digest}: the digest wins, the tag defaults to the appVersion. */}}
{{- define "backups-operator.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end }}

{{/* The namespace of the platform token Secret. */}}
{{- define "backups-operator.operatorNamespace" -}}
{{- default .Release.Namespace .Values.operatorNamespace }}
{{- end }}

{{/* The DigitalOcean API root the operator talks to: the in-cluster simulator when enabled. */}}
{{- define "backups-operator.digitaloceanUrl" -}}
{{- if .Values.simulator.enabled -}}
{{- printf "http://%s-simulator.%s.svc:%d/" (include "backups-operator.fullname" .) .Release.Namespace (int .Values.simulator.port) -}}
{{- else -}}
{{- .Values.digitalocean.url -}}
{{- end -}}
{{- end }}

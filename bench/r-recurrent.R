# Times R on the Andersen-Gill model of `npm run bench`'s recurrent-episode cohort (bench/recurrent-cohort.ts):
# coxph(Surv(start, stop, event) ~ factor(site) + aftercare + craving, cluster = id), Efron ties, the
# robust (sandwich) variance by participant. Prints one JSON object: elapsed milliseconds of the read
# (data.table's fread) and of the fit, and the coefficients and robust SEs for the check.
# Usage: Rscript bench/r-recurrent.R bench/data/recurrent-1000000.csv
suppressPackageStartupMessages(library(survival))
path <- commandArgs(trailingOnly = TRUE)[[1]]
ms <- function(expr) unname(system.time(expr, gcFirst = TRUE)[["elapsed"]]) * 1000
t_read <- ms(d <- data.table::fread(path, showProgress = FALSE))
t_ag <- ms(fit <- coxph(Surv(start, stop, event) ~ factor(site) + aftercare + craving, data = d, cluster = id, ties = "efron"))
s <- summary(fit)$coefficients
cat(sprintf('{"fread":%.1f,"ag":%.1f,"rows":%d,"coef":[%s],"robustSe":[%s]}\n', t_read, t_ag, nrow(d),
            paste(sprintf("%.12g", s[, "coef"]), collapse = ","), paste(sprintf("%.12g", s[, "robust se"]), collapse = ",")))

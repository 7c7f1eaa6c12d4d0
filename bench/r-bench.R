# Times R on the same computations as `npm run bench`, on the same file. Prints one JSON object of
# elapsed milliseconds. Usage: Rscript bench/r-bench.R bench/data/demo-1000000.csv
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
path <- args[[1]]
ms <- function(expr) unname(system.time(expr, gcFirst = TRUE)[["elapsed"]]) * 1000

t_read <- ms(d <- read.csv(path))
t_fread <- if (requireNamespace("data.table", quietly = TRUE)) ms(data.table::fread(path, showProgress = FALSE)) else NA
factors <- c("cows_peak", "craving_vas", "phq9_total", "trigger_exposure_days", "n_friends_using",
             "brief_cope_adaptive", "abstinence_confidence", "aftercare_sessions_attended_pct", "expectation_gap")
t_km <- ms(fit <- survfit(Surv(days_followed, relapsed == 1) ~ site, data = d))
t_logrank <- ms(lr <- survdiff(Surv(days_followed, relapsed == 1) ~ site, data = d))
cox_and_zph <- function(covariates) {
  f <- as.formula(paste("Surv(days_followed, relapsed == 1) ~", paste(covariates, collapse = " + ")))
  t_fit <- ms(cx <- coxph(f, data = d, ties = "efron"))
  t_zph <- ms(zp <- cox.zph(cx, transform = "km"))
  list(ms = t_fit + t_zph, coef = coef(cx)[[1]])
}
cox9 <- cox_and_zph(factors)
cox4 <- cox_and_zph(factors[1:4])
m <- as.matrix(d[, factors])
t_pearson <- ms(cp <- cor(m, use = "pairwise.complete.obs", method = "pearson"))
t_spearman <- ms(cs <- cor(m, use = "pairwise.complete.obs", method = "spearman"))
# Case-mix-adjusted survival by site (g-formula with influence-function SEs), as analyze adjusted --method direct
# at the same four days: riskRegression's ate() on coxph(~ site + arm + gender, x = TRUE).
t_adjusted <- NA
adjusted_risk <- NA
if (requireNamespace("riskRegression", quietly = TRUE)) {
  da <- data.frame(days_followed = d$days_followed, relapsed = d$relapsed, site = factor(d$site), arm = factor(d$arm), gender = factor(d$gender))
  t_adjusted <- ms({
    fa <- coxph(Surv(days_followed, relapsed == 1) ~ site + arm + gender, data = da, x = TRUE, y = TRUE)
    at <- riskRegression::ate(fa, data = da, treatment = "site", times = c(30, 90, 180, 365), se = TRUE, verbose = FALSE)
  })
  adjusted_risk <- at$meanRisk$estimate[[1]]
}
cat(sprintf('{"readCsv":%.1f,"fread":%s,"km":%.1f,"logrank":%.1f,"cox9":%.1f,"cox4":%.1f,"pearson":%.1f,"spearman":%.1f,"logrankChisq":%.10g,"coxFirstCoef":%.10g,"pearsonR12":%.10g,"spearmanR12":%.10g,"adjusted":%s,"adjustedRisk":%s}\n',
            t_read, if (is.na(t_fread)) "null" else sprintf("%.1f", t_fread), t_km, t_logrank, cox9$ms, cox4$ms, t_pearson, t_spearman,
            lr$chisq, cox9$coef, cp[1, 2], cs[1, 2],
            if (is.na(t_adjusted)) "null" else sprintf("%.1f", t_adjusted), if (is.na(adjusted_risk)) "null" else sprintf("%.10g", adjusted_risk)))

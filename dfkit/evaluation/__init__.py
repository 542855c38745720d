"""Evaluation: metrics and grouped intervals (``metrics``), calibration, base rates and costs
(``calibration``, ``base_rates``), error analysis by factor (``error_analysis``), Grad-CAM
(``explain``) and the channel ablation (``ablation``). Import the module you need."""

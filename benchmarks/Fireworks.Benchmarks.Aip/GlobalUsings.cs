global using Fireworks.Aip;
